"""Drives the replication calls of the emulators with the vendors' Python SDKs, over HTTP, signed.

    python sdk_check.py <emulators.json> <cos | oss-v1 | oss-v4 | bos>

<emulators.json> is what `replication-emulator` prints. One line per call, `name<TAB>ok` or
`name<TAB>FAIL<TAB>why`; exit status 1 if any call failed. Run by test/e2e/sdk-interop.test.ts.
"""
import json
import sys
import uuid

results = []


def call(name, fn):
    try:
        value = fn()
        results.append((name, "ok", ""))
        return value
    except Exception as error:  # the SDKs' own error types, reported whole
        results.append((name, "FAIL", repr(error)[:400]))
        return None


def expect(condition, why):
    if not condition:
        raise AssertionError(why)


def check_cos(emu, tag):
    from qcloud_cos import CosConfig, CosS3Client
    from qcloud_cos.cos_exception import CosServiceError

    host, port = emu["endpoint"].split("//")[1].rsplit(":", 1)

    def client(region):
        # IP and Port: the bucket and region still travel in the Host header, as on the real service.
        config = CosConfig(Region=region, SecretId=emu["secretId"], SecretKey=emu["secretKey"],
                           Scheme="http", IP=host, Port=int(port))
        return CosS3Client(config, retry=0)

    src, dst = f"py-src-{tag}-{emu['appId']}", f"py-dst-{tag}-{emu['appId']}"
    gz, bj = client("ap-guangzhou"), client("ap-beijing")
    call("create_bucket", lambda: gz.create_bucket(Bucket=src))
    call("create_bucket", lambda: bj.create_bucket(Bucket=dst))
    call("head_bucket", lambda: gz.head_bucket(Bucket=src))
    call("put_bucket_versioning", lambda: gz.put_bucket_versioning(Bucket=src, Status="Enabled"))
    call("put_bucket_versioning", lambda: bj.put_bucket_versioning(Bucket=dst, Status="Enabled"))
    call("get_bucket_versioning", lambda: expect(
        gz.get_bucket_versioning(Bucket=src)["Status"] == "Enabled", "not Enabled"))
    config = {"Role": "qcs::cam::uin/100000000001:uin/100000000001",
              "Rule": [{"ID": "logs", "Status": "Enabled", "Prefix": "logs/",
                        "Destination": {"Bucket": f"qcs::cos:ap-beijing::{dst}", "StorageClass": "Standard"}}]}
    call("put_bucket_replication", lambda: gz.put_bucket_replication(Bucket=src, ReplicationConfiguration=config))
    call("get_bucket_replication", lambda: expect(
        gz.get_bucket_replication(Bucket=src)["Rule"][0]["ID"] == "logs", "rule not read back"))
    call("delete_bucket_replication", lambda: gz.delete_bucket_replication(Bucket=src))

    def gone():
        try:
            gz.get_bucket_replication(Bucket=src)
        except CosServiceError as error:
            expect(error.get_status_code() == 404, error.get_error_code())
            return
        raise AssertionError("still there")

    call("get_bucket_replication (404 after delete)", gone)
    key = "logs/a b+c=d.txt"
    call("put_object", lambda: gz.put_object(Bucket=src, Key=key, Body=b"x"))
    call("get_object", lambda: expect(
        gz.get_object(Bucket=src, Key=key)["Body"].get_raw_stream().read() == b"x", "body"))
    call("delete_object", lambda: gz.delete_object(Bucket=src, Key=key))


def check_oss(emu, tag, v4):
    import oss2
    from oss2.credentials import StaticCredentialsProvider
    from oss2.models import BucketVersioningConfig, ReplicationRule

    ak, sk, endpoint = emu["accessKeyId"], emu["accessKeySecret"], emu["endpoint"]
    sig = "v4" if v4 else "v1"

    def bucket(name, region, v4, provider=False):
        # An IP endpoint: oss2 addresses the bucket in the path.
        if provider:
            auth = oss2.ProviderAuthV4(StaticCredentialsProvider(ak, sk))
            return oss2.Bucket(auth, endpoint, name, region=region)
        if v4:
            return oss2.Bucket(oss2.AuthV4(ak, sk), endpoint, name, region=region)
        return oss2.Bucket(oss2.Auth(ak, sk), endpoint, name)

    src_name, dst_name = f"py-{sig}-src-{tag}", f"py-{sig}-dst-{tag}"
    src = bucket(src_name, "cn-hangzhou", v4)
    # Made with V4 (ProviderAuthV4) in cn-shanghai: a path-style PutBucket takes its region from the V4 scope.
    dst = bucket(dst_name, "cn-shanghai", True, provider=True)
    enabled = BucketVersioningConfig()
    enabled.status = "Enabled"
    call("create_bucket", lambda: src.create_bucket())
    call("create_bucket (ProviderAuthV4, cn-shanghai)", lambda: dst.create_bucket())
    call("get_bucket_info", lambda: src.get_bucket_info())
    call("put_bucket_versioning", lambda: src.put_bucket_versioning(enabled))
    call("put_bucket_versioning", lambda: bucket(dst_name, "cn-shanghai", v4).put_bucket_versioning(enabled))
    call("get_bucket_versioning", lambda: expect(src.get_bucket_versioning().status == "Enabled", "not Enabled"))
    rule = ReplicationRule(rule_id="images", target_bucket_name=dst_name, target_bucket_location="oss-cn-shanghai",
                           prefix_list=["images/"], action_list=[ReplicationRule.PUT],
                           is_enable_historical_object_replication=True)
    call("put_bucket_replication", lambda: src.put_bucket_replication(rule))
    call("get_bucket_replication", lambda: expect(
        [r.rule_id for r in src.get_bucket_replication().rule_list] == ["images"], "rule not read back"))
    call("get_bucket_replication_location", lambda: expect(
        "oss-cn-shanghai" in src.get_bucket_replication_location().location_list, "no oss-cn-shanghai"))
    call("get_bucket_replication_progress", lambda: expect(
        src.get_bucket_replication_progress("images").progress.rule_id == "images", "no progress"))
    call("delete_bucket_replication", lambda: src.delete_bucket_replication("images"))
    call("get_bucket_replication (closing)", lambda: expect(
        [r.status for r in src.get_bucket_replication().rule_list] == ["closing"], "not closing"))
    key = "images/a b+c=d.txt"
    call("put_object", lambda: src.put_object(key, b"x"))
    call("get_object", lambda: expect(src.get_object(key).read() == b"x", "body"))
    call("delete_object", lambda: src.delete_object(key))


def check_bos(emu, tag):
    from baidubce.auth.bce_credentials import BceCredentials
    from baidubce.bce_client_configuration import BceClientConfiguration
    from baidubce.services.bos.bos_client import BosClient

    client = BosClient(BceClientConfiguration(
        credentials=BceCredentials(emu["accessKey"], emu["secretKey"]), endpoint=emu["endpoint"]))
    src, dst = f"py-src-{tag}", f"py-dst-{tag}"
    call("create_bucket", lambda: client.create_bucket(src))
    call("create_bucket", lambda: client.create_bucket(dst))
    call("does_bucket_exist", lambda: expect(client.does_bucket_exist(src), "missing"))
    call("put_bucket_versioning", lambda: client.put_bucket_versioning(src, "enabled"))
    call("put_bucket_versioning", lambda: client.put_bucket_versioning(dst, "enabled"))
    call("get_bucket_versioning", lambda: expect(client.get_bucket_versioning(src).status == "enabled", "not enabled"))
    rule = {"id": "reports", "status": "enabled", "resource": [f"{src}/reports/*"],
            "notIncludeResource": [f"{src}/*.tmp"], "destination": {"bucket": dst, "prefix": "backup/"},
            "replicateDeletes": "disabled"}
    call("put_bucket_replication", lambda: client.put_bucket_replication(src, rule))
    call("get_bucket_replication", lambda: expect(
        client.get_bucket_replication(src, "reports").not_include_resource == [f"{src}/*.tmp"], "rule not read back"))
    call("list_bucket_replication", lambda: expect(
        [r.id for r in client.list_bucket_replication(src).rules] == ["reports"], "not listed"))
    call("get_bucket_replication_progress", lambda: expect(
        client.get_bucket_replication_progress(src, "reports").status == "enabled", "no progress"))
    call("delete_bucket_replication", lambda: client.delete_bucket_replication(src, "reports"))
    key = "reports/a b+c=d.txt"
    call("put_object_from_string", lambda: client.put_object_from_string(src, key, "x"))
    call("get_object_as_string", lambda: expect(client.get_object_as_string(src, key) == b"x", "body"))
    call("delete_object", lambda: client.delete_object(src, key))


def main():
    with open(sys.argv[1]) as f:
        emulators = json.load(f)
    which = sys.argv[2]
    tag = uuid.uuid4().hex[:6]
    if which == "cos":
        check_cos(emulators["cos"], tag)
    elif which in ("oss-v1", "oss-v4"):
        check_oss(emulators["oss"], tag, which == "oss-v4")
    elif which == "bos":
        check_bos(emulators["bos"], tag)
    else:
        sys.exit(f"unknown check {which}")
    for name, outcome, why in results:
        print(f"{name}\t{outcome}\t{why}")
    sys.exit(1 if any(outcome != "ok" for _, outcome, _ in results) else 0)


if __name__ == "__main__":
    main()
