/**
 * The registry's network rules as the data plane applies them: with public
 * network access disabled nothing from here gets in (there are no private
 * endpoints); with `defaultAction: "Deny"` only addresses an IP rule allows
 * (an address or an IPv4 CIDR range). Checked before any credential.
 */

import { BlockList, isIPv4 } from "node:net";
import type { RegistrySettings } from "../state/records.js";

/** The client's address without the IPv4-mapped prefix (::ffff:127.0.0.1 → 127.0.0.1). */
export function clientAddress(remoteAddress: string | undefined): string {
  const address = remoteAddress ?? "";
  return address.startsWith("::ffff:") && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

function ruleList(rules: readonly { value: string }[]): BlockList {
  const list = new BlockList();
  for (const { value } of rules) {
    const [address, prefix] = value.split("/");
    const family = isIPv4(address ?? "") ? "ipv4" : "ipv6";
    try {
      if (prefix === undefined) list.addAddress(address!, family);
      else list.addSubnet(address!, Number(prefix), family);
    } catch {
      // A rule that is no address allows nothing.
    }
  }
  return list;
}

export function firewallAllows(settings: RegistrySettings, address: string): boolean {
  if (settings.publicNetworkAccess === "Disabled") return false;
  if (settings.networkRuleSet.defaultAction !== "Deny") return true;
  return ruleList(settings.networkRuleSet.ipRules).check(address, isIPv4(address) ? "ipv4" : "ipv6");
}
