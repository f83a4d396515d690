// Run in a fresh process by reliability.test.ts: resumes a serialized poller and prints the result.
import { ContainerRegistryManagementClient } from "../../src/index.js";

const { ENDPOINT, CA, STATE } = process.env;
const client = new ContainerRegistryManagementClient({ getToken: async () => ({ token: "child", expiresOnTimestamp: Date.now() + 3600_000 }) }, "00000000-0000-0000-0000-000000000000", {
  endpoint: ENDPOINT!,
  tlsOptions: { ca: CA! },
});
// With resumeFrom the create is not sent again, so its body is not needed here.
const poller = await client.tokens.beginCreate("rel", "relregistry", "cross-process", {}, { resumeFrom: STATE!, updateIntervalInMs: 20 });
const token = await poller.pollUntilDone();
process.stdout.write(JSON.stringify({ name: token.name, provisioningState: token.provisioningState }));
