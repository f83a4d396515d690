// The benchmark's HTTPS server: answers from bodies built once, so its own cost is small and equal
// for every client. Serves one token GET, a 10,000-token list in 100 pages, and a token create
// through 201 + Azure-AsyncOperation that is done on the first poll.
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const REGISTRY_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/bench/providers/Microsoft.ContainerRegistry/registries/benchregistry`;
export const TOKEN_COUNT = 10_000;
export const PAGE_SIZE = 100;

function token(i: number) {
  return {
    id: `${REGISTRY_PATH}/tokens/token-${i}`,
    name: `token-${i}`,
    type: "Microsoft.ContainerRegistry/registries/tokens",
    systemData: { createdBy: "bench@example.com", createdByType: "User", createdAt: "2025-01-01T00:00:00Z", lastModifiedAt: "2025-01-02T00:00:00Z" },
    properties: {
      creationDate: "2025-01-01T00:00:00Z",
      provisioningState: "Succeeded",
      scopeMapId: `${REGISTRY_PATH}/scopeMaps/_repositories_pull`,
      status: "enabled",
      credentials: {
        passwords: [
          { name: "password1", creationTime: "2025-01-01T00:00:00Z", expiry: "2026-01-01T00:00:00Z" },
          { name: "password2", creationTime: "2025-02-01T00:00:00Z", expiry: "2026-02-01T00:00:00Z" },
        ],
        certificates: [],
      },
    },
  };
}

export interface BenchServer {
  endpoint: string;
  ca: string;
  requests: number;
  /** Retry-After sent with the async create (undefined: none). */
  retryAfter: string | undefined;
  close(): Promise<void>;
}

export async function startBenchServer(): Promise<BenchServer> {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 86400_000),
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const tokenBody = JSON.stringify(token(0));
  const pages: string[] = [];
  let endpoint = "";
  const state: BenchServer = {
    endpoint: "",
    ca: pems.cert,
    requests: 0,
    retryAfter: "0",
    close: async () => {},
  };
  const server = createServer({ cert: pems.cert, key: pems.private, keepAlive: true }, (req, res) => {
    state.requests++;
    req.resume();
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      const send = (status: number, body: string | undefined, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...(body ? {} : { "content-length": "0" }), ...headers });
        res.end(body);
      };
      if (url.pathname === `${REGISTRY_PATH}/tokens`) {
        const page = Number(url.searchParams.get("$skipToken") ?? "0");
        send(200, pages[page]!.replace("{{endpoint}}", endpoint));
      } else if (url.pathname.startsWith(`${REGISTRY_PATH}/tokens/`) && req.method === "PUT") {
        const headers: Record<string, string> = { "azure-asyncoperation": `${endpoint}/operations/create?api-version=2025-11-01` };
        if (state.retryAfter !== undefined) headers["retry-after"] = state.retryAfter;
        send(201, tokenBody.replace('"Succeeded"', '"Creating"'), headers);
      } else if (url.pathname.startsWith(`${REGISTRY_PATH}/tokens/`)) {
        send(200, tokenBody);
      } else if (url.pathname === "/operations/create") {
        send(200, '{"status":"Succeeded"}');
      } else {
        send(404, '{"error":{"code":"NotFound","message":"no such bench route"}}');
      }
    });
  });
  for (let p = 0; p < TOKEN_COUNT / PAGE_SIZE; p++) {
    const value = Array.from({ length: PAGE_SIZE }, (_, i) => token(p * PAGE_SIZE + i));
    const nextLink = p + 1 < TOKEN_COUNT / PAGE_SIZE ? `{{endpoint}}${REGISTRY_PATH}/tokens?api-version=2025-11-01&$skipToken=${p + 1}` : undefined;
    pages.push(JSON.stringify({ value, nextLink }));
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.endpoint = endpoint;
  state.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return state;
}
