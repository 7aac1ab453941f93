// The re-export flow through the TypeScript client generated from the committed OpenAPI snapshot
// (typescript-fetch, target/generated-sdk/typescript-fetch, compiled with its own tsconfig.json).
// Run by TypeScriptSdkFlowIT against the packaged application: it passes the URL, tokens and ids in the
// environment and checks the exit code and the "ok" lines. Any failed assertion exits non-zero.
import { strict as assert } from "node:assert";
import {
    Configuration,
    ExportParamsRequestFormatEnum,
    ExportParamsRequestLocaleEnum,
    ListReexportsStatusEnum,
    Problem,
    ProblemCodeEnum,
    ProblemFromJSON,
    ReexportStatusEnum,
    ReexportSummaryStatusEnum,
    ReexportsApi,
    ResponseError,
} from "../../../../target/generated-sdk/typescript-fetch/dist/index";

function env(name: string): string {
    const value = process.env[name];
    if (!value) {
        throw new Error(`environment variable ${name} is required`);
    }
    return value;
}

const basePath = env("BASE_URL");
const reportId = env("REPORT_ID");
const pendingId = env("PENDING_ID");
const cancellableId = env("CANCELLABLE_ID");

function api(token: string): ReexportsApi {
    return new ReexportsApi(new Configuration({ basePath, accessToken: async () => token }));
}

const user = api(env("USER_TOKEN"));
const operator = api(env("OPERATOR_TOKEN"));

function ok(message: string): void {
    console.log(`ok ${message}`);
}

/** The problem details of a failed call, as the SDK's own typed model. */
async function problemOf(call: () => Promise<unknown>, status: number): Promise<Problem> {
    try {
        await call();
    } catch (e) {
        assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${e}`);
        assert.equal(e.response.status, status);
        assert.equal(e.response.headers.get("content-type"), "application/problem+json");
        const problem = ProblemFromJSON(await e.response.json());
        assert.equal(problem.status, status);
        assert.equal(problem.type, `https://grantreports.no/problems/${problem.code.replace(/_/g, "-")}`);
        return problem;
    }
    assert.fail(`expected HTTP ${status}`);
}

async function main(): Promise<void> {
    // Create with an Idempotency-Key, then replay it
    const key = `ts-sdk-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const request = {
        reportId,
        exportParams: { format: ExportParamsRequestFormatEnum.Json, includeAnnexes: false, locale: ExportParamsRequestLocaleEnum.EnGb },
        notifyOnCompletion: false,
    };
    const created = await user.createReexportRaw({ createReexportRequest: request, idempotencyKey: key });
    assert.equal(created.raw.status, 202);
    const job = await created.value();
    assert.equal(job.status, ReexportSummaryStatusEnum.Pending);
    assert.strictEqual(job.completedAt, null, "a pending job has no completion time (not 1970)");
    assert.equal(created.raw.headers.get("location"), `/api/v1/report-reexports/${job.reexportId}`);
    ok(`create 202 ${job.reexportId} status=${job.status} completed_at=${job.completedAt}`);

    const replayed = await user.createReexportRaw({ createReexportRequest: request, idempotencyKey: key });
    assert.equal(replayed.raw.headers.get("idempotent-replayed"), "true");
    assert.equal((await replayed.value()).reexportId, job.reexportId);
    ok("replay answers the same job with Idempotent-Replayed: true");

    // A job that stays pending: completed_at is null, and null in the typed model
    const pending = await user.getReexport({ reexportId: pendingId });
    assert.equal(pending.status, ReexportStatusEnum.Pending);
    assert.strictEqual(pending.completedAt, null);
    assert.strictEqual(pending.outputFileRef, null);
    assert.strictEqual(pending.outputFileSizeBytes, null);
    ok(`pending ${pending.reexportId} completed_at=${pending.completedAt} output_file_ref=${pending.outputFileRef}`);

    // Poll until completed
    let done = await user.getReexport({ reexportId: job.reexportId });
    for (let i = 0; i < 300 && (done.status === ReexportStatusEnum.Pending || done.status === ReexportStatusEnum.Processing); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100)); // a poll interval, not a wait for a guess
        done = await user.getReexport({ reexportId: job.reexportId });
    }
    assert.equal(done.status, ReexportStatusEnum.Completed, done.errorMessage ?? undefined);
    assert.ok(done.completedAt instanceof Date && done.completedAt.getTime() >= done.requestedAt.getTime());
    assert.equal(done.exportParams.locale, "en-GB");
    ok(`completed ${done.reexportId} completed_at=${done.completedAt.toISOString()} size=${done.outputFileSizeBytes}`);

    // Download: the JSON document, its size as announced
    const file = await user.downloadReexportFile({ reexportId: job.reexportId });
    const text = await file.text();
    assert.equal(new TextEncoder().encode(text).length, done.outputFileSizeBytes);
    assert.equal(typeof JSON.parse(text), "object");
    ok(`download ${text.length} characters of JSON`);

    // List with a status filter; the Link header names the pages
    const listed = await user.listReexportsRaw({ reportId, status: [ListReexportsStatusEnum.Completed], limit: 1, page: 1 });
    const page = await listed.value();
    assert.ok(page.data.length === 1 && page.data.every((s) => s.status === ReexportSummaryStatusEnum.Completed));
    const link = listed.raw.headers.get("link") ?? "";
    assert.match(link, /<[^>]*[?&]page=1[^>]*>; rel="first"/);
    assert.match(link, /rel="last"/);
    ok(`list status=completed total=${page.pagination.total} link: ${link}`);

    // Update with If-Match, then again with the old ETag: 412
    const read = await operator.getReexportRaw({ reexportId: job.reexportId });
    const etag = read.raw.headers.get("etag");
    assert.ok(etag);
    const updated = await operator.updateReexport({ reexportId: job.reexportId, ifMatch: etag, updateReexportRequest: { notified: true } });
    assert.equal(updated.notified, true);
    ok(`update with If-Match ${etag}: notified=${updated.notified}`);
    const stale = await problemOf(() => operator.updateReexport({
        reexportId: job.reexportId, ifMatch: etag, updateReexportRequest: { notified: true } }), 412);
    assert.equal(stale.code, ProblemCodeEnum.PreconditionFailed);
    ok(`update with the old ETag: 412 code=${stale.code}`);

    // Cancel a pending job; a completed one is not cancellable: a typed problem to switch on
    const cancelled = await user.cancelReexport({ reexportId: cancellableId });
    assert.equal(cancelled.cancelled, true);
    assert.ok(cancelled.cancelledAt instanceof Date);
    ok(`cancel ${cancelled.reexportId} at ${cancelled.cancelledAt.toISOString()}`);
    const notCancellable = await problemOf(() => user.cancelReexport({ reexportId: job.reexportId }), 409);
    switch (notCancellable.code) {
        case ProblemCodeEnum.ReexportNotCancellable:
            ok(`cancel of a completed job: 409 code=${notCancellable.code} type=${notCancellable.type}`);
            break;
        default:
            assert.fail(`unexpected problem code ${notCancellable.code}`);
    }
    const invalid = await problemOf(() => user.listReexports({ limit: 1000 }), 400);
    assert.equal(invalid.code, ProblemCodeEnum.Validation);
    assert.equal(invalid.errors?.[0]?.field, "limit");
    ok(`list with limit=1000: 400 code=${invalid.code} errors[0].field=${invalid.errors?.[0]?.field}`);

    console.log("TypeScript SDK flow passed");
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
