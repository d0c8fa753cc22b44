// Drives the replication calls of the emulators with the vendors' Go SDKs, over HTTP, signed.
//
//	go build -o sdk-check . && ./sdk-check <emulators.json> <cos|oss-v1|oss-v4|ossv2-v1|ossv2-v4|bos>
//
// <emulators.json> is what `replication-emulator` prints. One line per call, `name<TAB>ok<TAB>` or
// `name<TAB>FAIL<TAB>why`; exit status 1 if any call failed. Run by test/e2e/sdk-interop.test.ts.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	ossv2 "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/baidubce/bce-sdk-go/bce"
	"github.com/baidubce/bce-sdk-go/services/bos"
	bosapi "github.com/baidubce/bce-sdk-go/services/bos/api"
	cos "github.com/tencentyun/cos-go-sdk-v5"
)

type emulators struct {
	Cos struct{ Endpoint, SecretId, SecretKey, AppId string }
	Oss struct{ Endpoint, AccessKeyId, AccessKeySecret string }
	Bos struct{ Endpoint, AccessKey, SecretKey string }
}

var failed = 0

func call(name string, f func() error) {
	if err := f(); err != nil {
		failed++
		msg := strings.ReplaceAll(err.Error(), "\n", " ")
		if len(msg) > 400 {
			msg = msg[:400]
		}
		fmt.Printf("%s\tFAIL\t%s\n", name, msg)
		return
	}
	fmt.Printf("%s\tok\t\n", name)
}

func main() {
	raw, _ := os.ReadFile(os.Args[1])
	var e emulators
	if err := json.Unmarshal(raw, &e); err != nil {
		panic(err)
	}
	tag := fmt.Sprintf("%x", time.Now().UnixNano()%0xffffff)
	switch which := os.Args[2]; which {
	case "cos":
		runCos(e, tag)
	case "oss-v1", "oss-v4":
		runOss(e, tag, which == "oss-v4")
	case "ossv2-v1", "ossv2-v4":
		runOssV2(e, tag, which == "ossv2-v4")
	case "bos":
		runBos(e, tag)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

func runCos(e emulators, tag string) {
	ctx := context.Background()
	endpoint, _ := url.Parse(e.Cos.Endpoint)
	client := func(bucket, region string) *cos.Client {
		c := cos.NewClient(&cos.BaseURL{BucketURL: endpoint}, &http.Client{Transport: &cos.AuthorizationTransport{SecretID: e.Cos.SecretId, SecretKey: e.Cos.SecretKey}})
		c.Host = fmt.Sprintf("%s.cos.%s.myqcloud.com", bucket, region) // the bucket and region travel in the Host
		return c
	}
	srcName, dstName := "go-src-"+tag+"-"+e.Cos.AppId, "go-dst-"+tag+"-"+e.Cos.AppId
	src, dst := client(srcName, "ap-guangzhou"), client(dstName, "ap-beijing")
	call("Bucket.Put", func() error { _, err := src.Bucket.Put(ctx, nil); return err })
	call("Bucket.Put", func() error { _, err := dst.Bucket.Put(ctx, nil); return err })
	call("Bucket.Head", func() error { _, err := src.Bucket.Head(ctx); return err })
	for _, c := range []*cos.Client{src, dst} {
		c := c
		call("Bucket.PutVersioning", func() error {
			_, err := c.Bucket.PutVersioning(ctx, &cos.BucketPutVersionOptions{Status: "Enabled"})
			return err
		})
	}
	call("Bucket.GetVersioning", func() error {
		v, _, err := src.Bucket.GetVersioning(ctx)
		if err == nil && v.Status != "Enabled" {
			err = fmt.Errorf("status %q", v.Status)
		}
		return err
	})
	call("Bucket.PutBucketReplication", func() error {
		_, err := src.Bucket.PutBucketReplication(ctx, &cos.PutBucketReplicationOptions{
			Role: "qcs::cam::uin/100000000001:uin/100000000001",
			Rule: []cos.BucketReplicationRule{{ID: "logs", Status: "Enabled", Prefix: "logs/",
				Destination: &cos.ReplicationDestination{Bucket: "qcs::cos:ap-beijing::" + dstName, StorageClass: "Standard"}}},
		})
		return err
	})
	call("Bucket.GetBucketReplication", func() error {
		r, _, err := src.Bucket.GetBucketReplication(ctx)
		if err == nil && (len(r.Rule) != 1 || r.Rule[0].ID != "logs") {
			err = fmt.Errorf("rules %+v", r.Rule)
		}
		return err
	})
	call("Bucket.DeleteBucketReplication", func() error { _, err := src.Bucket.DeleteBucketReplication(ctx); return err })
	call("Bucket.GetBucketReplication (404 after delete)", func() error {
		_, _, err := src.Bucket.GetBucketReplication(ctx)
		if cos.IsNotFoundError(err) {
			return nil
		}
		return fmt.Errorf("want 404, got %v", err)
	})
	key := "logs/a b+c=d.txt"
	call("Object.Put", func() error { _, err := src.Object.Put(ctx, key, strings.NewReader("x"), nil); return err })
	call("Object.Get", func() error { _, err := src.Object.Get(ctx, key, nil); return err })
	call("Object.Delete", func() error { _, err := src.Object.Delete(ctx, key); return err })
}

func runOss(e emulators, tag string, v4 bool) {
	sig := "v1"
	options := []oss.ClientOption{}
	if v4 {
		sig = "v4"
		options = append(options, oss.AuthVersion(oss.AuthV4), oss.Region("cn-hangzhou"))
	}
	client, err := oss.New(e.Oss.Endpoint, e.Oss.AccessKeyId, e.Oss.AccessKeySecret, options...)
	if err != nil {
		panic(err)
	}
	// The destination is made with V4 in cn-shanghai: its region is the credential scope's.
	dstClient, _ := oss.New(e.Oss.Endpoint, e.Oss.AccessKeyId, e.Oss.AccessKeySecret, oss.AuthVersion(oss.AuthV4), oss.Region("cn-shanghai"))
	src, dst := "go-"+sig+"-src-"+tag, "go-"+sig+"-dst-"+tag
	call("CreateBucket", func() error { return client.CreateBucket(src) })
	call("CreateBucket (dst, V4 cn-shanghai)", func() error { return dstClient.CreateBucket(dst) })
	for _, b := range []string{src, dst} {
		b := b
		call("SetBucketVersioning", func() error {
			return client.SetBucketVersioning(b, oss.VersioningConfig{Status: "Enabled"})
		})
	}
	call("GetBucketVersioning", func() error { _, err := client.GetBucketVersioning(src); return err })
	rule := `<?xml version="1.0" encoding="UTF-8"?><ReplicationConfiguration><Rule><ID>images</ID><PrefixSet><Prefix>images/</Prefix></PrefixSet><Action>PUT</Action><Destination><Bucket>` + dst + `</Bucket><Location>oss-cn-shanghai</Location></Destination><HistoricalObjectReplication>enabled</HistoricalObjectReplication></Rule></ReplicationConfiguration>`
	call("PutBucketReplication", func() error { return client.PutBucketReplication(src, rule) })
	call("GetBucketReplication", func() error {
		body, err := client.GetBucketReplication(src)
		if err == nil && !strings.Contains(body, "<ID>images</ID>") {
			err = fmt.Errorf("body %s", body)
		}
		return err
	})
	call("GetBucketReplicationLocation", func() error { _, err := client.GetBucketReplicationLocation(src); return err })
	call("GetBucketReplicationProgress", func() error { _, err := client.GetBucketReplicationProgress(src, "images"); return err })
	call("DeleteBucketReplication", func() error { return client.DeleteBucketReplication(src, "images") })
	bucket, _ := client.Bucket(src)
	key := "images/a b+c=d.txt"
	call("PutObject", func() error { return bucket.PutObject(key, strings.NewReader("x")) })
	call("GetObject", func() error {
		r, err := bucket.GetObject(key)
		if err == nil {
			r.Close()
		}
		return err
	})
	call("DeleteObject", func() error { return bucket.DeleteObject(key) })
}

func runOssV2(e emulators, tag string, v4 bool) {
	ctx := context.Background()
	sig := "v1"
	version := ossv2.SignatureVersionV1
	if v4 {
		sig, version = "v4", ossv2.SignatureVersionV4
	}
	client := func(region string, version ossv2.SignatureVersionType) *ossv2.Client {
		cfg := ossv2.LoadDefaultConfig().
			WithCredentialsProvider(credentials.NewStaticCredentialsProvider(e.Oss.AccessKeyId, e.Oss.AccessKeySecret)).
			WithRegion(region).WithEndpoint(e.Oss.Endpoint).WithSignatureVersion(version).WithRetryMaxAttempts(1)
		return ossv2.NewClient(cfg)
	}
	c := client("cn-hangzhou", version)
	dstClient := client("cn-shanghai", ossv2.SignatureVersionV4)
	src, dst := "gov2-"+sig+"-src-"+tag, "gov2-"+sig+"-dst-"+tag
	s := ossv2.Ptr[string]
	call("PutBucket", func() error { _, err := c.PutBucket(ctx, &ossv2.PutBucketRequest{Bucket: s(src)}); return err })
	call("PutBucket (dst, V4 cn-shanghai)", func() error { _, err := dstClient.PutBucket(ctx, &ossv2.PutBucketRequest{Bucket: s(dst)}); return err })
	for _, b := range []string{src, dst} {
		b := b
		call("PutBucketVersioning", func() error {
			_, err := c.PutBucketVersioning(ctx, &ossv2.PutBucketVersioningRequest{Bucket: s(b),
				VersioningConfiguration: &ossv2.VersioningConfiguration{Status: ossv2.VersionEnabled}})
			return err
		})
	}
	call("GetBucketVersioning", func() error {
		_, err := c.GetBucketVersioning(ctx, &ossv2.GetBucketVersioningRequest{Bucket: s(src)})
		return err
	})
	call("PutBucketReplication", func() error {
		_, err := c.PutBucketReplication(ctx, &ossv2.PutBucketReplicationRequest{Bucket: s(src),
			ReplicationConfiguration: &ossv2.ReplicationConfiguration{Rules: []ossv2.ReplicationRule{{
				ID: s("images"), PrefixSet: &ossv2.ReplicationPrefixSet{Prefixs: []string{"images/"}}, Action: s("PUT"),
				// Both set: left unset, the SDK sends them as empty elements, which the emulator refuses (README).
				Destination:                 &ossv2.ReplicationDestination{Bucket: s(dst), Location: s("oss-cn-shanghai"), TransferType: ossv2.TransferTypeInternal},
				HistoricalObjectReplication: ossv2.HistoricalObjectReplicationEnabled,
			}}}})
		return err
	})
	call("GetBucketReplication", func() error {
		r, err := c.GetBucketReplication(ctx, &ossv2.GetBucketReplicationRequest{Bucket: s(src)})
		if err == nil && (len(r.ReplicationConfiguration.Rules) != 1 || *r.ReplicationConfiguration.Rules[0].ID != "images") {
			err = fmt.Errorf("rules %+v", r.ReplicationConfiguration.Rules)
		}
		return err
	})
	call("GetBucketReplicationLocation", func() error {
		_, err := c.GetBucketReplicationLocation(ctx, &ossv2.GetBucketReplicationLocationRequest{Bucket: s(src)})
		return err
	})
	call("GetBucketReplicationProgress", func() error {
		_, err := c.GetBucketReplicationProgress(ctx, &ossv2.GetBucketReplicationProgressRequest{Bucket: s(src), RuleId: s("images")})
		return err
	})
	call("DeleteBucketReplication", func() error {
		_, err := c.DeleteBucketReplication(ctx, &ossv2.DeleteBucketReplicationRequest{Bucket: s(src), ReplicationRules: &ossv2.ReplicationRules{IDs: []string{"images"}}})
		return err
	})
	key := "images/a b+c=d.txt"
	call("PutObject", func() error {
		_, err := c.PutObject(ctx, &ossv2.PutObjectRequest{Bucket: s(src), Key: s(key), Body: strings.NewReader("x")})
		return err
	})
	call("GetObject", func() error {
		r, err := c.GetObject(ctx, &ossv2.GetObjectRequest{Bucket: s(src), Key: s(key)})
		if err == nil {
			r.Body.Close()
		}
		return err
	})
	call("DeleteObject", func() error {
		_, err := c.DeleteObject(ctx, &ossv2.DeleteObjectRequest{Bucket: s(src), Key: s(key)})
		return err
	})
}

func runBos(e emulators, tag string) {
	client, err := bos.NewClient(e.Bos.AccessKey, e.Bos.SecretKey, e.Bos.Endpoint)
	if err != nil {
		panic(err)
	}
	client.Config.Retry = bce.NewNoRetryPolicy()
	src, dst := "go-src-"+tag, "go-dst-"+tag
	call("PutBucket", func() error { _, err := client.PutBucket(src); return err })
	call("PutBucket", func() error { _, err := client.PutBucket(dst); return err })
	call("DoesBucketExist", func() error {
		ok, err := client.DoesBucketExist(src)
		if err == nil && !ok {
			err = fmt.Errorf("missing")
		}
		return err
	})
	for _, b := range []string{src, dst} {
		b := b
		call("PutBucketVersioning", func() error {
			return client.PutBucketVersioning(b, &bosapi.BucketVersioningArgs{Status: "enabled"})
		})
	}
	call("GetBucketVersioning", func() error { _, err := client.GetBucketVersioning(src); return err })
	call("PutBucketReplicationFromStruct", func() error {
		return client.PutBucketReplicationFromStruct(src, &bosapi.PutBucketReplicationArgs{
			Id: "reports", Status: "enabled", Resource: []string{src + "/reports/*"}, NotIncludeResource: []string{src + "/*.tmp"},
			ReplicateDeletes: "disabled", Destination: &bosapi.BucketReplicationDescriptor{Bucket: dst, Prefix: "backup/"},
		}, "reports")
	})
	call("GetBucketReplication", func() error {
		r, err := client.GetBucketReplication(src, "reports")
		if err == nil && (r.Id != "reports" || len(r.NotIncludeResource) != 1) {
			err = fmt.Errorf("rule %+v", r)
		}
		return err
	})
	call("ListBucketReplication", func() error { _, err := client.ListBucketReplication(src); return err })
	call("GetBucketReplicationProgress", func() error { _, err := client.GetBucketReplicationProgress(src, "reports"); return err })
	call("DeleteBucketReplication", func() error { return client.DeleteBucketReplication(src, "reports") })
	key := "reports/a b+c=d.txt"
	call("PutObjectFromString", func() error { _, err := client.PutObjectFromString(src, key, "x", nil); return err })
	call("GetObject", func() error {
		r, err := client.GetObject(src, key, nil)
		if err == nil {
			r.Body.Close()
		}
		return err
	})
	call("DeleteObject", func() error { return client.DeleteObject(src, key) })
}
