// npm run sample -- <name>: runs samples/<name>.ts; with no name, lists the samples.
import { readdirSync } from "node:fs";
import { sampleEnvironment, type SampleEnvironment } from "./environment.js";

export interface Sample {
  summary: string;
  run(env: SampleEnvironment): Promise<void>;
}

const folder = new URL("./", import.meta.url);
const names = readdirSync(folder)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "environment.ts"].includes(f))
  .map((f) => f.slice(0, -3))
  .sort();

export async function loadSample(name: string): Promise<Sample> {
  if (!names.includes(name)) throw new Error(`No sample "${name}". Samples: ${names.join(", ")}`);
  return (await import(new URL(`./${name}.ts`, folder).href)) as Sample;
}

const name = process.argv[2];
if (!name || name === "--list") {
  console.log("Samples (npm run sample -- <name>):");
  for (const n of names) console.log(`  ${n.padEnd(30)} ${(await loadSample(n)).summary}`);
} else {
  const sample = await loadSample(name);
  const env = await sampleEnvironment();
  try {
    await sample.run(env);
  } finally {
    await env.close();
  }
}
