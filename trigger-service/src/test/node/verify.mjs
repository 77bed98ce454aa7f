// Verifies one captured delivery with the Standard Webhooks reference library, independently of the platform's
// own signing code. Input: a JSON file {secret, headers, body}. Exit 0 and print the verified envelope's id and type
// when the signature holds; exit 1 with the library's error otherwise.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const delivery = JSON.parse(readFileSync(process.argv[2], "utf8"));
try {
  const payload = new Webhook(delivery.secret).verify(delivery.body, delivery.headers);
  console.log(JSON.stringify({ verified: true, id: payload.id, type: payload.type }));
} catch (e) {
  console.error(`not verified: ${e.message}`);
  process.exit(1);
}
