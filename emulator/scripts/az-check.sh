#!/usr/bin/env bash
# The Azure CLI against a running emulator: logs in with `az login --identity` on the emulator's
# identity endpoint and a cloud registered from its /metadata/endpoints, then runs the acr
# commands of issue 11. Needs `az` (Debian's azure-cli) on PATH.
#
#   ACR_EMULATOR_ENDPOINT=https://127.0.0.1:8443 ACR_EMULATOR_CA=/path/ca.pem \
#   MSI_ENDPOINT=http://127.0.0.1:PORT/msi/token emulator/scripts/az-check.sh
#
# Everything az writes goes to a temporary AZURE_CONFIG_DIR, removed at the end. Each command is
# printed before it runs; the script stops at the first failure.
set -euo pipefail

: "${ACR_EMULATOR_ENDPOINT:?set ACR_EMULATOR_ENDPOINT to the emulator endpoint}"
: "${ACR_EMULATOR_CA:?set ACR_EMULATOR_CA to the emulator certificate file}"
: "${MSI_ENDPOINT:?set MSI_ENDPOINT to the emulator identity endpoint}"

AZURE_CONFIG_DIR="$(mktemp -d)"
trap 'rm -rf "$AZURE_CONFIG_DIR"' EXIT
export AZURE_CONFIG_DIR MSI_ENDPOINT
export REQUESTS_CA_BUNDLE="$ACR_EMULATOR_CA"
export AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_NO_COLOR=true AZURE_CORE_ONLY_SHOW_ERRORS=true
unset APPSETTING_WEBSITE_SITE_NAME MSI_SECRET

RG="${ACR_CHECK_RESOURCE_GROUP:-azcheck}"
REG="${ACR_CHECK_REGISTRY:-azcheckregistry$RANDOM}"
STEPS=0

run() {
  echo "+ az $*" >&2
  az "$@" --output none
  STEPS=$((STEPS + 1))
}

value() {
  az "$@" --output tsv
}

run cloud register --name AcrEmulator --endpoint-resource-manager "${ACR_EMULATOR_ENDPOINT%/}/" --suffix-acr-login-server-endpoint .azurecr.io
run cloud set --name AcrEmulator
run login --identity

run acr create --resource-group "$RG" --name "$REG" --sku Premium --location westus
run acr show --name "$REG"
run acr list --resource-group "$RG"
run acr list
run acr update --name "$REG" --admin-enabled true --tags team=check
run acr check-name --name "$REG"
run acr credential show --name "$REG"
run acr credential renew --name "$REG" --password-name password2

run acr scope-map create --registry "$REG" --name checkmap --repository app content/read content/write --description "az check"
run acr scope-map update --registry "$REG" --name checkmap --add-repository other content/read
run acr scope-map show --registry "$REG" --name checkmap
run acr scope-map list --registry "$REG"

run acr token create --registry "$REG" --name tok-repo --repository app content/read
run acr token create --registry "$REG" --name tok-pull --scope-map _repositories_pull
run acr token create --registry "$REG" --name tok-nopass --scope-map checkmap --no-passwords
run acr token create --registry "$REG" --name tok-expiry --scope-map checkmap --expiration-in-days 30
run acr token credential generate --registry "$REG" --name tok-nopass --password1 --expiration-in-days 7
run acr token credential delete --registry "$REG" --name tok-expiry --password2
run acr token list --registry "$REG"
run acr token show --registry "$REG" --name tok-pull
run acr token update --registry "$REG" --name tok-pull --status disabled
test "$(value acr token show --registry "$REG" --name tok-pull --query status)" = "disabled"
# az sends --status enabled unless told otherwise, so this update enables the token again.
run acr token update --registry "$REG" --name tok-pull --scope-map checkmap
value acr token show --registry "$REG" --name tok-pull --query scopeMapId | grep -q '/scopeMaps/checkmap$'
run acr token delete --registry "$REG" --name tok-pull --yes
run acr token delete --registry "$REG" --name tok-nopass --yes
run acr token delete --registry "$REG" --name tok-expiry --yes
run acr scope-map delete --registry "$REG" --name checkmap --yes

run acr delete --name "$REG" --yes
echo "az-check: all $STEPS az commands succeeded against $ACR_EMULATOR_ENDPOINT" >&2
