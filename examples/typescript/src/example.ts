// The platform from TypeScript, through a client generated from its live OpenAPI description
// (`npm run generate` writes src/generated/api.d.ts; openapi-fetch sends the requests it types).
//
// Posts one feedback, a batch and an assessment, reads them back with their writes' consistency tokens (no polling),
// and receives a webhook whose Standard Webhooks signature it verifies. Environment: PLATFORM_URL (default http://localhost:8080) and PLATFORM_API_KEY
// (a key with the admin scope, or with feedback:write, analytics:read and triggers:manage).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import { Webhook } from "standardwebhooks";
import type { paths } from "./generated/api.js";

const baseUrl = process.env.PLATFORM_URL ?? "http://localhost:8080";
const apiKey = process.env.PLATFORM_API_KEY;
if (!apiKey) {
  throw new Error("set PLATFORM_API_KEY");
}
const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });

// A request body as the description types it. Where the description still calls a body raw bytes (unknown[]),
// any JSON goes; once it names a record, the literal below is checked against it.
type PostPath = { [P in keyof paths]: paths[P] extends { post: unknown } ? P : never }[keyof paths];
type JsonBody<P extends PostPath> = paths[P]["post"] extends {
  requestBody?: { content: { "application/json": infer B } };
} ? B : never;
type Body<P extends PostPath> = unknown[] extends JsonBody<P> ? object : JsonBody<P>;
const body = <P extends PostPath>(_path: P, value: Body<P>) => value as JsonBody<P>;

function fail(what: string, error: unknown, response: Response): never {
  throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
}

const anHourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
const run = `ts-${Date.now().toString(36)}`;
const trace = `${run}-trace`;

// ---- a receiver for the webhook, on this machine
const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

try {
  const subscribed = await api.POST("/api/v1/webhooks", {
    body: body("/api/v1/webhooks", { url: receiverUrl, event_types: ["feedbackloop.ticket.created"], description: run }),
  });
  if (!subscribed.data) fail("subscribe", subscribed.error, subscribed.response);
  const secret = String(subscribed.data.secret);
  console.log(`webhook subscribed: ${subscribed.data.id}`);

  // ---- feedback, one and a batch
  const feedback = {
    trace_id: trace,
    timestamp: anHourAgo,
    explicit_feedback: { rating: 5, thumbs: "up", comment: "found my order at once" },
    implicit_signals: { task_completed: true },
    metadata: { agent_id: "example-agent", agent_version: "1.0", intent_category: "order_status" },
  } as const; // literal types, so "up" still fits a thumbs enum
  const posted = await api.POST("/api/v1/feedback", { body: body("/api/v1/feedback", feedback) });
  if (!posted.data) fail("post feedback", posted.error, posted.response);
  const feedbackId = String(posted.data.feedback_id);
  // the write's position in the event store: a read given it answers once its read model holds the write
  const feedbackToken = posted.response.headers.get("X-Consistency-Token");
  if (!feedbackToken) fail("post feedback: no consistency token", undefined, posted.response);
  console.log(`feedback accepted: ${feedbackId}`);

  const batch = await api.POST("/api/v1/feedback/batch", {
    body: body("/api/v1/feedback/batch", [
      { ...feedback, trace_id: `${run}-b1`, explicit_feedback: { rating: 2, thumbs: "down" } as const },
      { ...feedback, trace_id: `${run}-b2` },
    ]),
  });
  if (!batch.data) fail("post batch", batch.error, batch.response);
  console.log(`batch accepted: ${batch.data.accepted} rejected: ${batch.data.rejected}`);

  // ---- an assessment, in the shape MLflow 3 logs them
  const assessed = await api.POST("/api/v1/traces/{traceId}/assessments", {
    params: { path: { traceId: trace } },
    body: body("/api/v1/traces/{traceId}/assessments", {
      assessment_name: "correctness",
      value: true,
      source: { source_type: "LLM_JUDGE", source_id: "judge-v1" },
      rationale: "named the order's state",
    }),
  });
  if (!assessed.data) fail("log assessment", assessed.error, assessed.response);
  const assessmentToken = assessed.response.headers.get("X-Consistency-Token");
  if (!assessmentToken) fail("log assessment: no consistency token", undefined, assessed.response);
  console.log(`assessment logged: ${assessed.data.assessment_id}`);

  // ---- read your writes: no polling, each read waits (bounded) until its read model holds the write it names
  const read = await api.GET("/api/v1/feedback/{feedbackId}", {
    params: { path: { feedbackId }, query: { consistent_with: feedbackToken } },
  });
  if (!read.data) fail("read feedback", read.error, read.response);
  const rating = (read.data.explicit_feedback as { rating?: number } | undefined)?.rating;
  console.log(`feedback read back: ${read.data.feedback_id} trace=${read.data.trace_id} rating=${rating}`);
  const assessments = await api.GET("/api/v1/traces/{traceId}/assessments", {
    params: { path: { traceId: trace }, query: { consistent_with: assessmentToken } },
  });
  if (!assessments.data) fail("read assessments", assessments.error, assessments.response);
  const names = (assessments.data.assessments ?? []).map((a) => a.assessment_name).join(", ");
  console.log(`assessments of the trace read back: ${names}`);

  // ---- a ticket, whose creation the platform announces to the webhook
  const ticket = await api.POST("/api/v1/tickets", {
    body: body("/api/v1/tickets", { title: `${run}: check the order-status answers`, agent_id: "example-agent", priority: "low" }),
  });
  if (!ticket.data) fail("open ticket", ticket.error, ticket.response);
  for (let waited = 0; deliveries.length === 0; waited += 250) {
    if (waited > 60_000) throw new Error("no webhook delivery within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const delivery = deliveries[0];
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
  const event = new Webhook(secret).verify(delivery.body, headers) as { id: string; type: string };
  console.log(`webhook verified: ${event.type} ${headers["webhook-id"]}`);
  let forged = false;
  try {
    new Webhook(secret).verify(delivery.body.replace(run, `${run}-forged`), headers);
    forged = true;
  } catch {
    console.log("webhook with an altered body: refused");
  }
  if (forged) throw new Error("an altered delivery verified");

  await api.DELETE("/api/v1/webhooks/{id}", { params: { path: { id: String(subscribed.data.id) } } });
} finally {
  receiver.close();
}
