import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { describe, expect, it } from "vitest";
import { serviceError } from "../../plugin/errors";
import { PartialFailure } from "../../provider/core/partial";

describe("plugin errors as the engine reads them", () => {
	it("a partial failure carries the written resource's id and properties (ErrorResourceInitFailed)", () => {
		const error = serviceError(
			new PartialFailure(new Error("read-back failed"), "src/logs", {
				__resource: "CosBucketReplicationRule",
				bucket: "src",
				ruleId: "logs",
			}),
		);
		expect(error.details).toBe("read-back failed");
		const [bin] = error.metadata.get("grpc-status-details-bin");
		const status = statusproto.Status.deserializeBinary(
			new Uint8Array(bin as Buffer),
		);
		const detail = provproto.ErrorResourceInitFailed.deserializeBinary(
			status.getDetailsList()[0].getValue_asU8(),
		);
		expect(status.getDetailsList()[0].getTypeName()).toBe(
			"pulumirpc.ErrorResourceInitFailed",
		);
		expect(detail.getId()).toBe("src/logs");
		expect(detail.getProperties()?.toJavaScript()).toEqual({
			bucket: "src",
			ruleId: "logs",
		});
		expect(detail.getReasonsList()).toEqual(["read-back failed"]);
	});

	it("any other failure is its message, with no details", () => {
		const error = serviceError(new Error("COS said no"));
		expect(error.details).toBe("COS said no");
		expect(error.metadata.get("grpc-status-details-bin")).toEqual([]);
	});
});
