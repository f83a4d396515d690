// What README examples import as "@azure/identity" in test/readme.test.ts: the real package, types
// and all, except that DefaultAzureCredential hands out a token the emulator accepts instead of
// looking for a sign-in.
import { DefaultAzureCredential as Real } from "@azure/identity";

export * from "@azure/identity";

export class DefaultAzureCredential extends Real {
  override async getToken() {
    return { token: "readme-example", expiresOnTimestamp: Date.now() + 3600_000 };
  }
}
