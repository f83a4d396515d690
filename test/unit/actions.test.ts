import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../src/generated/runtime/validation.js";
import fc from "fast-check";
import {
  GATEWAY_ACTIONS,
  MAX_SCOPE_MAP_ACTIONS,
  REPOSITORY_ACTIONS,
  gatewayActions,
  parseAction,
  repositoryActions,
  repositoryActionsMap,
  sameActions,
  validateRepositoryName,
  validateScopeMapActions,
  type GatewayAction,
  type RepositoryAction,
} from "../../src/customizations/actions.js";

const segment = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
const repository = fc.oneof(
  path,
  path.map((p) => `${p}/*`),
  fc.constant("*"),
);
const repositoryAction = fc.constantFrom(...REPOSITORY_ACTIONS);
const gatewayAction = fc.constantFrom(...GATEWAY_ACTIONS);
const gatewayName = fc.stringMatching(/^[a-zA-Z0-9]{5,50}$/);

const REPO_ALLOWED = "allowed: content/read, content/write, content/delete, metadata/read, metadata/write";

describe("allowed action sets", () => {
  it("lists the ACR repository and gateway actions", () => {
    expect(REPOSITORY_ACTIONS).toEqual(["content/read", "content/write", "content/delete", "metadata/read", "metadata/write"]);
    expect(GATEWAY_ACTIONS).toEqual(["config/read", "config/write", "message/read", "message/write"]);
    expect(MAX_SCOPE_MAP_ACTIONS).toBe(500);
  });
});

describe("repositoryActions", () => {
  it("builds repositories/<repo>/<action> in the given order", () => {
    expect(repositoryActions("app", ["content/read", "metadata/read"])).toEqual([
      "repositories/app/content/read",
      "repositories/app/metadata/read",
    ]);
    expect(repositoryActions("team/app-1", ["content/write"])).toEqual(["repositories/team/app-1/content/write"]);
  });

  it("accepts wildcards only as '*' alone or a trailing '/*'", () => {
    expect(repositoryActions("*", ["content/read"])).toEqual(["repositories/*/content/read"]);
    expect(repositoryActions("team/*", ["content/read"])).toEqual(["repositories/team/*/content/read"]);
    for (const bad of ["team*", "*/app", "team/*/app", "team/**", "*/*", "/*", "team/a*b"]) {
      expect(() => repositoryActions(bad, ["content/read"])).toThrow(InvalidParameterError);
      expect(() => repositoryActions(bad, ["content/read"])).toThrow(/^repository ".*" .*; allowed: lowercase path segments/);
    }
    expect(() => validateRepositoryName("*/*")).toThrow(/has more than one wildcard/);
    expect(() => validateRepositoryName("a/*/b")).toThrow(/has a wildcard that is not "\*" alone or a trailing "\/\*"/);
  });

  it("drops repeated actions, keeping first occurrences", () => {
    expect(repositoryActions("app", ["metadata/read", "content/read", "metadata/read"])).toEqual([
      "repositories/app/metadata/read",
      "repositories/app/content/read",
    ]);
  });

  it("round-trips through parseAction for generated repositories and actions", () => {
    fc.assert(
      fc.property(repository, fc.array(repositoryAction, { minLength: 1 }), (repo, actions) => {
        const built = repositoryActions(repo, actions);
        expect(built).toEqual([...new Set(actions)].map((a) => `repositories/${repo}/${a}`));
        built.forEach((full, i) => {
          expect(parseAction(full)).toEqual({ kind: "repository", name: repo, action: [...new Set(actions)][i] });
        });
      }),
    );
  });

  it("rejects generated invalid repository names, naming the parameter and rule", () => {
    const invalid = fc.oneof(
      path.map((p) => `${p}A`),
      path.map((p) => `${p}/`),
      path.map((p) => `/${p}`),
      path.map((p) => `${p}//x`),
      path.map((p) => `${p}--x`),
      path.map((p) => `${p} x`),
      path.map((p) => `-${p}`),
    );
    fc.assert(
      fc.property(invalid, (repo) => {
        expect(() => repositoryActions(repo, ["content/read"])).toThrow(InvalidParameterError);
        expect(() => repositoryActions(repo, ["content/read"])).toThrow(
          /^repository ".*" has (an empty path segment|the invalid path segment).*; allowed: lowercase path segments matching/,
        );
      }),
    );
    expect(() => validateRepositoryName("")).toThrow(/^repository "" is empty; allowed:/);
    expect(() => validateRepositoryName("Team/app")).toThrow(/has the invalid path segment "Team"/);
    expect(() => validateRepositoryName("team//app")).toThrow(/has an empty path segment \(segment 2\)/);
  });

  it("rejects actions outside the allowed set, listing it", () => {
    expect(() => repositoryActions("app", ["content/read", "pull" as RepositoryAction])).toThrow(InvalidParameterError);
    expect(() => repositoryActions("app", ["content/read", "pull" as RepositoryAction])).toThrow(
      `actions[1] "pull" is not an allowed action; ${REPO_ALLOWED}`,
    );
    expect(() => repositoryActions("app", ["config/read" as RepositoryAction])).toThrow(/^actions\[0\] "config\/read" is not an allowed action/);
  });

  it("rejects an empty action list", () => {
    expect(() => repositoryActions("app", [])).toThrow(InvalidParameterError);
    expect(() => repositoryActions("app", [])).toThrow(/^actions is empty; at least one action is required$/);
  });

  it("throws InvalidParameterError for wrong types", () => {
    expect(() => repositoryActions(42 as unknown as string, ["content/read"])).toThrow(InvalidParameterError);
    expect(() => repositoryActions(42 as unknown as string, ["content/read"])).toThrow(/^repository must be a string, got number$/);
    expect(() => repositoryActions("app", "content/read" as never)).toThrow(/^actions must be an array, got string$/);
    expect(() => repositoryActions("app", [null] as never)).toThrow(/^actions\[0\] must be a string, got null$/);
  });
});

describe("gatewayActions", () => {
  it("builds gateway/<name>/<action>", () => {
    expect(gatewayActions("edge1", ["config/read", "message/write"])).toEqual([
      "gateway/edge1/config/read",
      "gateway/edge1/message/write",
    ]);
  });

  it("round-trips through parseAction", () => {
    fc.assert(
      fc.property(gatewayName, gatewayAction, (name, action) => {
        const [full] = gatewayActions(name, [action]);
        expect(full).toBe(`gateway/${name}/${action}`);
        expect(parseAction(full!)).toEqual({ kind: "gateway", name, action });
      }),
    );
  });

  it("validates the connected registry name and the actions", () => {
    expect(() => gatewayActions("edge", ["config/read"])).toThrow(/^gateway "edge" is too short \(4 characters\); allowed: 5-50 characters, letters and digits only/);
    expect(() => gatewayActions("edge-01", ["config/read"])).toThrow(/^gateway "edge-01" contains the invalid character "-"/);
    expect(() => gatewayActions("edge1", ["content/read" as GatewayAction])).toThrow(
      `actions[0] "content/read" is not an allowed action; allowed: config/read, config/write, message/read, message/write`,
    );
    expect(() => gatewayActions("edge1", [])).toThrow(/^actions is empty/);
    expect(() => gatewayActions(undefined as unknown as string, ["config/read"])).toThrow(InvalidParameterError);
  });
});

describe("repositoryActionsMap", () => {
  it("flattens in entry order and drops repeats", () => {
    expect(
      repositoryActionsMap({
        app: ["content/read", "content/read", "metadata/read"],
        "team/*": ["content/write"],
      }),
    ).toEqual(["repositories/app/content/read", "repositories/app/metadata/read", "repositories/team/*/content/write"]);
  });

  it("matches repositoryActions per entry for generated maps", () => {
    fc.assert(
      fc.property(fc.dictionary(repository, fc.array(repositoryAction, { minLength: 1 }), { minKeys: 1, maxKeys: 20 }), (map) => {
        const expected = Object.entries(map).flatMap(([repo, actions]) => repositoryActions(repo, actions));
        expect(repositoryActionsMap(map)).toEqual(expected);
      }),
    );
  });

  it("rejects empty maps, empty lists, bad keys and bad actions", () => {
    expect(() => repositoryActionsMap({})).toThrow(/^map is empty; at least one repository is required$/);
    expect(() => repositoryActionsMap({ app: [] })).toThrow(/^map\["app"\] is empty; at least one action is required$/);
    expect(() => repositoryActionsMap({ App: ["content/read"] })).toThrow(/^map key "App" has the invalid path segment "App"; allowed:/);
    expect(() => repositoryActionsMap({ app: ["push" as RepositoryAction] })).toThrow(`map["app"][0] "push" is not an allowed action; ${REPO_ALLOWED}`);
    expect(() => repositoryActionsMap({ app: "content/read" as never })).toThrow(/^map\["app"\] must be an array, got string$/);
    expect(() => repositoryActionsMap(null as never)).toThrow(InvalidParameterError);
    expect(() => repositoryActionsMap([] as never)).toThrow(/^map must be an object of repository to actions, got array$/);
  });

  it(`rejects more than ${MAX_SCOPE_MAP_ACTIONS} actions in total`, () => {
    const all = [...REPOSITORY_ACTIONS];
    const map = (repos: number) => Object.fromEntries(Array.from({ length: repos }, (_, i) => [`repo-${i}`, all]));
    expect(repositoryActionsMap(map(100))).toHaveLength(500);
    expect(() => repositoryActionsMap(map(101))).toThrow(InvalidParameterError);
    expect(() => repositoryActionsMap(map(101))).toThrow(/^map has 505 actions; a scope map allows at most 500$/);
  });
});

describe("parseAction", () => {
  it("splits nested repository paths and wildcards", () => {
    expect(parseAction("repositories/a/b/c/content/delete")).toEqual({ kind: "repository", name: "a/b/c", action: "content/delete" });
    expect(parseAction("repositories/*/metadata/write")).toEqual({ kind: "repository", name: "*", action: "metadata/write" });
    expect(parseAction("repositories/a/*/content/read")).toEqual({ kind: "repository", name: "a/*", action: "content/read" });
  });

  it.each([
    ["repository/app/content/read", /^action ".*" must start with "repositories\/" or "gateway\/"; expected repositories\/<repository>\/<action> or gateway\/<name>\/<action>$/],
    ["", /must start with "repositories\/" or "gateway\/"/],
    ["Repositories/app/content/read", /must start with/],
    ["repositories/content/read", /is incomplete; expected repositories\/<repository>\/<action>$/],
    ["repositories//content/read", /has an invalid repository: "" is empty; allowed: lowercase/],
    ["repositories/App/content/read", /has an invalid repository: "App" has the invalid path segment "App"/],
    ["repositories/a*/content/read", /has an invalid repository: "a\*" has a wildcard/],
    ["repositories/app/content/pull", /has the repository action "content\/pull", which is not allowed; allowed: content\/read, /],
    ["repositories/app/config/read", /has the repository action "config\/read", which is not allowed/],
    ["repositories/app/content/read/", /has the repository action "read\/", which is not allowed/],
    ["gateway/edge1/config", /must have exactly 4 "\/"-separated segments; expected gateway\/<name>\/<action>$/],
    ["gateway/edge1/x/config/read", /must have exactly 4/],
    ["gateway/edge/config/read", /has an invalid gateway name: name "edge" is too short \(4 characters\); allowed: 5-50/],
    ["gateway/edge1/content/read", /has the gateway action "content\/read", which is not allowed; allowed: config\/read, config\/write, message\/read, message\/write$/],
  ])("rejects %j", (action, message) => {
    expect(() => parseAction(action)).toThrow(InvalidParameterError);
    expect(() => parseAction(action)).toThrow(message);
  });

  it("names the given parameter and throws InvalidParameterError for non-strings", () => {
    expect(() => parseAction("x", "scopeMap.actions[3]")).toThrow(/^scopeMap\.actions\[3\] "x" must start with/);
    expect(() => parseAction(7 as unknown as string)).toThrow(InvalidParameterError);
    expect(() => parseAction(7 as unknown as string)).toThrow(/^action must be a string, got number$/);
  });
});

describe("validateScopeMapActions", () => {
  it("accepts well-formed, unique lists up to the limit", () => {
    expect(() => validateScopeMapActions(["repositories/app/content/read", "gateway/edge1/config/read"])).not.toThrow();
    const many = Array.from({ length: 500 }, (_, i) => `repositories/repo-${i}/content/read`);
    expect(() => validateScopeMapActions(many)).not.toThrow();
  });

  it("rejects an empty list and more than the limit", () => {
    expect(() => validateScopeMapActions([])).toThrow(/^actions is empty; a scope map needs at least one action$/);
    const tooMany = Array.from({ length: 501 }, (_, i) => `repositories/repo-${i}/content/read`);
    expect(() => validateScopeMapActions(tooMany)).toThrow(InvalidParameterError);
    expect(() => validateScopeMapActions(tooMany)).toThrow(/^actions has 501 actions; a scope map allows at most 500$/);
  });

  it("names malformed entries by index", () => {
    expect(() => validateScopeMapActions(["repositories/app/content/read", "repositories/app/pull"])).toThrow(
      /^actions\[1\] "repositories\/app\/pull" is incomplete/,
    );
    expect(() => validateScopeMapActions(["gateway/edge1/config/read", "gateway/edge1/content/read"])).toThrow(
      /^actions\[1\] ".*" has the gateway action "content\/read", which is not allowed/,
    );
  });

  it("rejects duplicates, naming both positions", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(repository, repositoryAction).map(([r, a]) => `repositories/${r}/${a}`), { minLength: 1, maxLength: 30 }), fc.nat(), (list, pick) => {
        const first = pick % list.length;
        const withDuplicate = [...list, list[first]!];
        expect(() => validateScopeMapActions(list)).not.toThrow();
        expect(() => validateScopeMapActions(withDuplicate)).toThrow(
          new RegExp(`^actions\\[${list.length}\\] ".*" duplicates actions\\[${first}\\]; each action may appear only once$`),
        );
      }),
    );
  });

  it("quotes the duplicate in full unless it is very long", () => {
    const action = "repositories/app/content/read";
    expect(() => validateScopeMapActions([action, action])).toThrow(`actions[1] "${action}" duplicates actions[0]`);
    const long = `repositories/${"a".repeat(300)}/content/read`;
    expect(() => validateScopeMapActions([long, long])).toThrow(/^actions\[1\] "repositories\/a+\.\.\." duplicates actions\[0\]/);
  });

  it("throws InvalidParameterError for wrong types and uses the given parameter name", () => {
    expect(() => validateScopeMapActions("repositories/app/content/read" as never)).toThrow(/^actions must be an array, got string$/);
    expect(() => validateScopeMapActions(["repositories/app/content/read", 1] as never)).toThrow(InvalidParameterError);
    expect(() => validateScopeMapActions(["repositories/app/content/read", 1] as never)).toThrow(/^actions\[1\] must be a string, got number$/);
    expect(() => validateScopeMapActions([], "scopeMap.actions")).toThrow(/^scopeMap\.actions is empty/);
  });
});

describe("sameActions", () => {
  const actionList = fc.array(fc.tuple(repository, repositoryAction).map(([r, a]) => `repositories/${r}/${a}`), { maxLength: 20 });

  it("ignores order and repeats", () => {
    fc.assert(
      fc.property(actionList, fc.integer(), (list, seed) => {
        const shuffled = [...list].sort((x, y) => ((x.length * seed) % 7) - ((y.length * seed) % 7));
        expect(sameActions(list, shuffled)).toBe(true);
        expect(sameActions(list, [...list, ...list])).toBe(true);
      }),
    );
  });

  it("detects a missing or extra action", () => {
    fc.assert(
      fc.property(actionList, (list) => {
        const extra = "gateway/edge1/config/read";
        expect(sameActions(list, [...list, extra])).toBe(false);
        expect(sameActions([...list, extra], list)).toBe(false);
      }),
    );
    expect(sameActions(["repositories/a/content/read"], ["repositories/b/content/read"])).toBe(false);
    expect(sameActions([], [])).toBe(true);
  });

  it("throws InvalidParameterError for non-arrays", () => {
    expect(() => sameActions(null as never, [])).toThrow(/^a must be an array, got null$/);
    expect(() => sameActions([], "x" as never)).toThrow(/^b must be an array, got string$/);
  });
});
