import { describe, expect, it } from "vitest";
import { camelCase, key, member, pascalCase } from "../../codegen/src/emit/naming.js";

describe("emitter naming", () => {
  it("makes PascalCase and camelCase names from spec names", () => {
    expect(pascalCase("scope_maps")).toBe("ScopeMaps");
    expect(pascalCase("ListByResourceGroup")).toBe("ListByResourceGroup");
    expect(camelCase("ListByResourceGroup")).toBe("listByResourceGroup");
    expect(camelCase("IPRule")).toBe("ipRule");
    expect(camelCase("SubscriptionId")).toBe("subscriptionId");
    expect(pascalCase("2019-preview")).toBe("_2019Preview");
  });

  it("never produces a reserved word as an identifier", () => {
    expect(camelCase("Delete")).toBe("deleteParam");
    expect(camelCase("default")).toBe("defaultParam");
  });

  it("quotes wire names that are not identifiers", () => {
    expect(member("raw", "properties")).toBe("raw.properties");
    expect(member("raw", "@odata.type", true)).toBe('raw?.["@odata.type"]');
    expect(key("x-ms-id")).toBe('"x-ms-id"');
  });
});
