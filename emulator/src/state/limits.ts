/**
 * Per-SKU limits of a registry, as published for ACR service tiers. Tokens and
 * user-defined scope maps are enforced; size and webhooks are only reported.
 */

export const USER_SKUS = ["Basic", "Standard", "Premium"] as const;
export type UserSkuName = (typeof USER_SKUS)[number];

export interface SkuLimits {
  tokens: number;
  scopeMaps: number;
  webhooks: number;
  storageBytes: number;
}

export type SkuLimitOverrides = Partial<Record<UserSkuName, Partial<SkuLimits>>>;

const GIB = 1024 ** 3;

export const DEFAULT_SKU_LIMITS: Readonly<Record<UserSkuName, SkuLimits>> = {
  Basic: { tokens: 100, scopeMaps: 100, webhooks: 2, storageBytes: 10 * GIB },
  Standard: { tokens: 500, scopeMaps: 500, webhooks: 10, storageBytes: 100 * GIB },
  Premium: { tokens: 50_000, scopeMaps: 50_000, webhooks: 500, storageBytes: 500 * GIB },
};

export function resolveSkuLimits(overrides: SkuLimitOverrides | undefined): Record<UserSkuName, SkuLimits> {
  const result = {} as Record<UserSkuName, SkuLimits>;
  for (const sku of USER_SKUS) {
    const merged = { ...DEFAULT_SKU_LIMITS[sku], ...overrides?.[sku] };
    for (const [key, value] of Object.entries(merged)) {
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError(`skuLimits.${sku}.${key} must be a non-negative integer`);
      }
    }
    result[sku] = merged;
  }
  return result;
}
