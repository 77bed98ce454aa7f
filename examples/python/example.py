"""The platform from Python, through the client openapi-generator generates from its live OpenAPI description.

Posts one feedback, a batch and an assessment, reads the feedback and the assessment back with their writes' consistency
tokens (no polling), and receives a webhook whose Standard Webhooks
signature it verifies (the documented HMAC-SHA256 check, standard library only). Environment: PLATFORM_URL (default
http://localhost:8080) and PLATFORM_API_KEY (a key with the admin scope, or with feedback:write, analytics:read and
triggers:manage). The generated package (`feedbackloop_client`) must be importable: see README.md.
"""
import base64
import hashlib
import hmac
import http.server
import inspect
import json
import os
import re
import threading
import time
from datetime import datetime, timedelta, timezone

import feedbackloop_client
import pydantic
from feedbackloop_client import api as generated_apis


class Platform:
    """The generated operations by method and path, as the description names them (its operation ids, and so the
    generated method names, follow the server's code; the paths are the contract). Each call goes through the
    generated method: its validation, the bearer key, serialization and the typed answer."""

    def __init__(self, url, key):
        client = feedbackloop_client.ApiClient(feedbackloop_client.Configuration(host=url, access_token=key))
        self.operations = {}
        for _, api_class in inspect.getmembers(generated_apis, inspect.isclass):
            instance = api_class(client)
            for name, function in inspect.getmembers(api_class, inspect.isfunction):
                if name.startswith("_") and name.endswith("_serialize"):
                    source = inspect.getsource(function)
                    found = re.search(r"method='(\w+)',\s*resource_path='([^']+)'", source)
                    body = re.search(r"_body_params = (\w+)", source)
                    if found:
                        self.operations[(found[1], found[2])] = (instance, name[1:-len("_serialize")],
                                                                 body[1] if body else None)

    def call(self, method, path, *path_values, body=None, with_headers=False, **parameters):
        """The answer as plain JSON values, whether the generated method gave a model or a dict (and its headers, with
        with_headers=True). Other keyword arguments are the operation's own parameters, e.g. consistent_with."""
        instance, operation, body_parameter = self.operations[(method, path)]
        arguments = {re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower(): value
                     for name, value in zip(re.findall(r"{(\w+)}", path), path_values)}
        arguments.update(parameters)
        if body is not None:
            arguments[body_parameter] = body
        try:
            response = getattr(instance, operation + "_with_http_info")(**arguments)
        except pydantic.ValidationError:
            # The description still calls this request body raw bytes (a list of DataBuffer), so the typed method
            # refuses a JSON object: its generated serializer sends the body as given, the same client answers.
            parameters = inspect.signature(getattr(instance, "_" + operation + "_serialize")).parameters
            request = getattr(instance, "_" + operation + "_serialize")(
                **{name: arguments.get(name) for name in parameters if not name.startswith("_")},
                _request_auth=None, _content_type=None, _headers=None, _host_index=0)
            raw = instance.api_client.call_api(*request)
            raw.read()
            response = instance.api_client.response_deserialize(response_data=raw, response_types_map={})
        if response.data is None:
            data = json.loads(response.raw_data) if response.raw_data else None
        else:
            data = response.data.to_dict() if hasattr(response.data, "to_dict") else response.data
        return (data, {k.lower(): v for k, v in (response.headers or {}).items()}) if with_headers else data


def verify_standard_webhook(secret, headers, body, tolerance=timedelta(minutes=5)):
    """The Standard Webhooks check: HMAC-SHA256 over "id.timestamp.body" with the base64 secret after "whsec_",
    compared with each "v1,<signature>" in webhook-signature; a timestamp outside the tolerance is refused."""
    message_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    sent = datetime.fromtimestamp(int(timestamp), timezone.utc)
    if abs(datetime.now(timezone.utc) - sent) > tolerance:
        raise ValueError("timestamp outside the tolerance")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    for signature in headers["webhook-signature"].split():
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return json.loads(body)
    raise ValueError("no signature matches")


def start_receiver():
    deliveries = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            deliveries.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, deliveries


def main():
    key = os.environ.get("PLATFORM_API_KEY")
    if not key:
        raise SystemExit("set PLATFORM_API_KEY")
    platform = Platform(os.environ.get("PLATFORM_URL", "http://localhost:8080"), key)
    run = "py-%x" % int(time.time() * 1000)
    trace = run + "-trace"
    an_hour_ago = (datetime.now(timezone.utc) - timedelta(hours=1)).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    server, deliveries = start_receiver()
    try:
        receiver_url = "http://127.0.0.1:%d/hooks" % server.server_address[1]
        subscribed = platform.call("POST", "/api/v1/webhooks", body=
                                   {"url": receiver_url, "event_types": ["feedbackloop.ticket.created"], "description": run})
        print("webhook subscribed:", subscribed["id"])

        feedback = {
            "trace_id": trace,
            "timestamp": an_hour_ago,
            "explicit_feedback": {"rating": 5, "thumbs": "up", "comment": "found my order at once"},
            "implicit_signals": {"task_completed": True},
            "metadata": {"agent_id": "example-agent", "agent_version": "1.0", "intent_category": "order_status"},
        }
        accepted, headers = platform.call("POST", "/api/v1/feedback", body=feedback, with_headers=True)
        feedback_id = accepted["feedback_id"]
        # the write's position in the event store: a read given it answers once its read model holds the write
        feedback_token = headers["x-consistency-token"]
        print("feedback accepted:", feedback_id)

        batch = platform.call("POST", "/api/v1/feedback/batch", body=[
            dict(feedback, trace_id=run + "-b1", explicit_feedback={"rating": 2, "thumbs": "down"}),
            dict(feedback, trace_id=run + "-b2"),
        ])
        print("batch accepted: %s rejected: %s" % (batch["accepted"], batch["rejected"]))

        assessment, headers = platform.call("POST", "/api/v1/traces/{traceId}/assessments", trace, body={
            "assessment_name": "correctness", "value": True,
            "source": {"source_type": "LLM_JUDGE", "source_id": "judge-v1"}, "rationale": "named the order's state"},
            with_headers=True)
        assessment_token = headers["x-consistency-token"]
        print("assessment logged:", assessment["assessment_id"])

        # read your writes: no polling, each read waits (bounded) until its read model holds the write it names
        read = platform.call("GET", "/api/v1/feedback/{feedbackId}", feedback_id, consistent_with=feedback_token)
        print("feedback read back: %s trace=%s rating=%s"
              % (read["feedback_id"], read["trace_id"], read["explicit_feedback"]["rating"]))
        assessments = platform.call("GET", "/api/v1/traces/{traceId}/assessments", trace, consistent_with=assessment_token)
        print("assessments of the trace read back:", ", ".join(a["assessment_name"] for a in assessments["assessments"]))

        platform.call("POST", "/api/v1/tickets", body=
                      {"title": run + ": check the order-status answers", "agent_id": "example-agent", "priority": "low"})
        deadline = time.monotonic() + 60
        while not deliveries:
            if time.monotonic() > deadline:
                raise SystemExit("no webhook delivery within 60 s")
            time.sleep(0.25)
        headers, body = deliveries[0]
        event = verify_standard_webhook(subscribed["secret"], headers, body)
        print("webhook verified:", event["type"], headers["webhook-id"])
        try:
            verify_standard_webhook(subscribed["secret"], headers, body.replace(run.encode(), (run + "-forged").encode()))
            raise SystemExit("an altered delivery verified")
        except ValueError:
            print("webhook with an altered body: refused")

        platform.call("DELETE", "/api/v1/webhooks/{id}", subscribed["id"])
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
