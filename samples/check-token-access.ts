// Prove what a token can do: make a repository token, then ask the registry what it grants.
import { checkTokenAccess, createRepositoryToken, deleteRepositoryToken } from "acr-tokens";
import type { SampleEnvironment } from "./environment.js";

export const summary = "Create a repository token, then ask the registry's login server what it may do in each repository.";

export async function run({ client, resourceGroup, registry, tlsOptions, log }: SampleEnvironment): Promise<void> {
  const created = await createRepositoryToken(client, {
    resourceGroup,
    registry,
    token: "web-pusher",
    repositories: { "app/web": ["content/read", "content/write"] },
    passwords: ["password1"],
  });
  try {
    // On Azure a new password takes about a minute to work everywhere; the emulator's works at once.
    const access = await checkTokenAccess({
      loginServer: created.loginServer,
      username: created.username,
      password: created.passwords.password1!.value,
      repositories: ["app/web", "app/api"],
      ...(tlsOptions === undefined ? {} : { tlsOptions }),
    });
    log(`Token ${created.username} logs in to ${created.loginServer}: ${access.authenticated}`);
    for (const [repository, actions] of Object.entries(access.repositories)) {
      log(`  ${repository}: ${actions.length === 0 ? "nothing" : actions.join(", ")}`);
    }
  } finally {
    await deleteRepositoryToken(client, { resourceGroup, registry, token: "web-pusher" });
  }
}
