// What README examples import as "@azure/identity" in test/readme.test.ts: a credential for the emulator.
export class DefaultAzureCredential {
  async getToken() {
    return { token: "readme-example", expiresOnTimestamp: Date.now() + 3600_000 };
  }
}
