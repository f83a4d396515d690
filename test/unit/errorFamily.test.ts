// One error family: every bad input to a helper, pure or not, is an InvalidParameterError naming the
// parameter and a rule from PARAMETER_RULES; never a bare TypeError or RangeError.
import { describe, expect, it } from "vitest";
import * as sdk from "../../src/index.js";

const client = new sdk.ContainerRegistryManagementClient(
  { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3600e3 }) },
  "00000000-0000-0000-0000-000000000000",
  { endpoint: "https://127.0.0.1:1" },
);
const ref = { resourceGroup: "rg", registry: "myregistry", token: "my-token" };
const creds = { username: "u", loginServer: "r.azurecr.io", passwords: { password1: { value: "pw" } } };

const calls: Array<[string, () => unknown]> = [
  ["validateTokenName(42)", () => sdk.validateTokenName(42)],
  ["validateTokenName('')", () => sdk.validateTokenName("")],
  ["validateTokenName('abc')", () => sdk.validateTokenName("abc")],
  ["validateTokenName(too long)", () => sdk.validateTokenName("a".repeat(51))],
  ["validateRegistryName('bad name')", () => sdk.validateRegistryName("bad name")],
  ["validateResourceGroupName('..')", () => sdk.validateResourceGroupName("..")],
  ["validateSubscriptionId('x')", () => sdk.validateSubscriptionId("x")],
  ["parseTokenId('nope')", () => sdk.parseTokenId("nope")],
  ["parseTokenId(7)", () => sdk.parseTokenId(7 as never)],
  ["parseTokenId(bad token part)", () => sdk.parseTokenId(`/subscriptions/${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/tokens/a_b`)],
  ["parseRegistryId(trailing)", () => sdk.parseRegistryId(`/subscriptions/${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/x`)],
  ["formatTokenId(null)", () => sdk.formatTokenId(null as never)],
  ["formatScopeMapId(missing part)", () => sdk.formatScopeMapId({ subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "rg", registry: "myregistry" } as never)],
  ["resolveTokenRef(5)", () => sdk.resolveTokenRef(5 as never)],
  ["repositoryActions('Bad', ...)", () => sdk.repositoryActions("Bad", ["content/read"])],
  ["repositoryActions('a', 'x')", () => sdk.repositoryActions("a", "x" as never)],
  ["repositoryActions('a', [])", () => sdk.repositoryActions("a", [])],
  ["repositoryActions('a', ['pull'])", () => sdk.repositoryActions("a", ["pull" as never])],
  ["gatewayActions('x', ...)", () => sdk.gatewayActions("x", ["config/read"])],
  ["repositoryActionsMap(null)", () => sdk.repositoryActionsMap(null as never)],
  ["repositoryActionsMap({})", () => sdk.repositoryActionsMap({})],
  ["parseAction('x')", () => sdk.parseAction("x")],
  ["parseAction(gateway name)", () => sdk.parseAction("gateway/x/config/read")],
  ["validateScopeMapActions([])", () => sdk.validateScopeMapActions([])],
  ["validateScopeMapActions(501)", () => sdk.validateScopeMapActions(Array.from({ length: 501 }, (_, i) => `repositories/r${i}/content/read`))],
  ["validateScopeMapActions(dup)", () => sdk.validateScopeMapActions(["repositories/a/content/read", "repositories/a/content/read"])],
  ["sameActions(1, [])", () => sdk.sameActions(1 as never, [])],
  ["dockerCredentials(null)", () => sdk.dockerCredentials(null as never)],
  ["dockerCredentials(no password)", () => sdk.dockerCredentials({ ...creds, passwords: {} })],
  ["dockerCredentials(bad slot)", () => sdk.dockerCredentials(creds, { password: "p3" as never })],
  ["dockerCredentials(':' in user)", () => sdk.dockerCredentials({ ...creds, username: "a:b" })],
  ["dockerCredentials(URL server)", () => sdk.dockerCredentials({ ...creds, loginServer: "https://r.azurecr.io" })],
  ["dockerCredentials(empty user)", () => sdk.dockerCredentials({ ...creds, username: "" })],
  ["dockerCredentials(number value)", () => sdk.dockerCredentials({ ...creds, passwords: { password1: { value: 5 as never } } })],
  ["findExpiringCredentials(null)", () => sdk.findExpiringCredentials(client, null as never)],
  ["findExpiringCredentials(days -1)", () => sdk.findExpiringCredentials(client, { resourceGroup: "rg", registry: "myregistry", within: { days: -1 } })],
];

const asyncCalls: Array<[string, () => Promise<unknown>]> = [
  ["generateCredentials(bad ref)", () => sdk.generateCredentials(client, 5 as never)],
  ["generateCredentials(bad slot)", () => sdk.generateCredentials(client, ref, { password: "p3" as never })],
  ["generateCredentials(past expiry)", () => sdk.generateCredentials(client, ref, { expiry: new Date(0) })],
  ["rotateTokenPassword(other subscription)", () => sdk.rotateTokenPassword(client, `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/tokens/my-token`)],
  ["createRepositoryToken(both)", () => sdk.createRepositoryToken(client, { ...ref, repositories: { a: ["content/read"] }, scopeMap: "_repositories_pull" })],
  ["createRepositoryToken(bad action)", () => sdk.createRepositoryToken(client, { ...ref, repositories: { a: ["pull" as never] } })],
  ["setTokenStatus(bad state)", () => sdk.setTokenStatus(client, ref, "on" as never)],
  ["deleteRepositoryToken(bad options)", () => sdk.deleteRepositoryToken(client, ref, 5 as never)],
  ["checkTokenAccess(null)", () => sdk.checkTokenAccess(null as never)],
  ["checkTokenAccess(no repositories)", () => sdk.checkTokenAccess({ loginServer: "r.azurecr.io", username: "u", password: "pw", repositories: [] })],
  ["checkTokenAccess(URL server)", () => sdk.checkTokenAccess({ loginServer: "https://r.azurecr.io", username: "u", password: "pw", repositories: ["a"] })],
];

function expectFamily(error: unknown): void {
  expect(error).toBeInstanceOf(sdk.InvalidParameterError);
  const { parameterName, rule } = error as sdk.InvalidParameterError;
  expect(parameterName).toMatch(/\S/);
  expect(sdk.PARAMETER_RULES).toContain(rule);
}

describe("one error family for bad input", () => {
  it.each(calls)("%s throws InvalidParameterError with a parameter and a listed rule", (_name, call) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expectFamily(thrown);
  });

  it.each(asyncCalls)("%s rejects with InvalidParameterError before any request", async (_name, call) => {
    expectFamily(await call().then(() => undefined, (error: unknown) => error));
  });

  it("names the part of a resource ID that breaks its rule, with that rule", () => {
    const error = (() => {
      try {
        sdk.parseTokenId(`/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/tokens/abc_def`, "tokenId");
      } catch (e) {
        return e as sdk.InvalidParameterError;
      }
    })();
    expect(error).toMatchObject({ parameterName: "tokenId", rule: "pattern" });
    expect(error!.message).toContain('tokenId has an invalid token: token "abc_def" contains the invalid character "_"');
  });

  it("quotes values one way everywhere: JSON, cut after 100 characters", () => {
    expect(sdk.validateTokenName.bind(null, `${"x".repeat(120)}_`)).toThrow(`token "${"x".repeat(100)}..." is too long`);
    expect(() => sdk.repositoryActions("a\u200b", ["content/read"])).toThrow('repository "a\u200b" has the invalid path segment "a\u200b"');
  });
});
