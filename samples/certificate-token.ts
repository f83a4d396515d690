// A token that authenticates with a certificate, created disabled, bound to a user scope map.
import { generate } from "selfsigned";
import type { SampleEnvironment } from "./environment.js";

export const summary = "Create a disabled token with a certificate credential, bound to a user scope map.";

export async function run({ client, resourceGroup, registry, log }: SampleEnvironment): Promise<void> {
  // A fresh self-signed certificate stands in for the one your clients would present.
  const { cert } = await generate([{ name: "commonName", value: "ci-signing" }], { keySize: 2048 });
  const scopeMap = await client.scopeMaps.beginCreateAndWait(resourceGroup, registry, "myScopeMap", {
    actions: ["repositories/app/content/read"],
  });
  const token = await client.tokens.beginCreateAndWait(resourceGroup, registry, "myToken", {
    scopeMapId: scopeMap.id,
    status: "disabled",
    credentials: {
      certificates: [{ name: "certificate1", encodedPemCertificate: Buffer.from(cert).toString("base64") }],
    },
  });
  const certificates = token.credentials?.certificates?.map((c) => `${c.name} (thumbprint ${c.thumbprint ?? "n/a"})`).join(", ") || "(none)";
  log(`Token ${token.name} is ${token.status}, bound to ${scopeMap.name}, certificates: ${certificates}`);
}
