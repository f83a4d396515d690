// Emits parameters.ts: each path parameter's rules from the spec as a named constant. The
// operations check against these, and the hand-written helpers import them rather than copy them.
import type { CodeModel } from "@autorest/codemodel";
import { Code } from "./code.js";
import { isUuid, pathParameters, stringRules } from "./codeModel.js";
import { rulesConstantName } from "./naming.js";
import { rulesLiteral } from "./wire.js";

export function emitParameters(codeModel: CodeModel): string {
  const code = new Code();
  const type = code.useType("./runtime/validation.js", "StringRules");
  for (const p of pathParameters(codeModel)) {
    code.line();
    code.doc(`The spec's rules for \`${p.language.default.serializedName}\`: ${p.language.default.description}`);
    code.line(`export const ${rulesConstantName(p)}: ${type} = ${rulesLiteral(stringRules(p.schema), { uuid: isUuid(p.schema) })};`);
  }
  return code.toString();
}
