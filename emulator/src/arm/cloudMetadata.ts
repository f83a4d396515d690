/**
 * `GET /metadata/endpoints`: the cloud whose Resource Manager, login and audiences are the
 * emulator, so tools can register it (`az cloud register --endpoint-resource-manager <endpoint>`).
 * Answered without a bearer token, as ARM does. api-version 2015-01-01 (what msrestazure asks
 * for) answers the old single-cloud object; later versions a list of clouds.
 */

import { jsonReply, type Reply } from "../front/reply.js";
import { route, type ApiRequest, type Route } from "../front/router.js";
import { LOGIN_SERVER_SUFFIX } from "../resources/representation.js";
import { METADATA_ENDPOINTS_PATH } from "./paths.js";

/** Name of the cloud in the list form. */
export const CLOUD_NAME = "AcrEmulator";

function cloudMetadata(request: ApiRequest): Reply {
  const base = `${request.baseUrl}/`;
  const authentication = { loginEndpoint: base, audiences: [base], tenant: "common", identityProvider: "AAD" };
  if (request.apiVersion === "2015-01-01") {
    return jsonReply(200, { galleryEndpoint: base, graphEndpoint: base, portalEndpoint: base, authentication });
  }
  return jsonReply(200, [
    {
      name: CLOUD_NAME,
      resourceManager: base,
      authentication,
      graph: base,
      graphAudience: base,
      microsoftGraphResourceId: base,
      portal: base,
      gallery: base,
      suffixes: { acrLoginServer: LOGIN_SERVER_SUFFIX, storage: "core.windows.net", keyVaultDns: "vault.azure.net" },
    },
  ]);
}

export function cloudMetadataRoutes(): Route[] {
  return [{ ...route("GET", METADATA_ENDPOINTS_PATH, cloudMetadata), family: "metadata", anonymous: true }];
}
