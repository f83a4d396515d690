// One call for what `az acr token create --repository` does: scope map, token and passwords.
import { createRepositoryToken, deleteRepositoryToken, dockerCredentials } from "acr-tokens";
import type { SampleEnvironment } from "./environment.js";
import { masked } from "./environment.js";

export const summary = "Create a repository token in one call, get docker login details, then delete it.";

export async function run({ client, resourceGroup, registry, log }: SampleEnvironment): Promise<void> {
  const created = await createRepositoryToken(client, {
    resourceGroup,
    registry,
    token: "web-reader",
    repositories: { "app/web": ["content/read", "metadata/read"] },
    expiry: { days: 30 },
  });
  log(`Token ${created.token.name} uses scope map ${created.scopeMap.name} (created: ${created.scopeMap.created})`);

  const docker = dockerCredentials(created);
  log(`docker login ${docker.server} --username ${docker.username} --password-stdin  # password ${masked(docker.password)}`);

  const deleted = await deleteRepositoryToken(client, { resourceGroup, registry, token: "web-reader" });
  log(`Deleted token ${deleted.token} and scope map ${deleted.scopeMap ?? "(kept)"}`);
}
