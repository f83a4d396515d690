// A tiny OCI image layout written with node alone (no network): one gzipped tar layer holding
// one file, its config, and a manifest tagged in index.json, for skopeo to push.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface OciImage {
  /** The layout folder; `oci:<dir>:<tag>` names the image. */
  dir: string;
  tag: string;
  manifestDigest: string;
  layerDigest: string;
  configDigest: string;
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** A ustar archive with one regular file. */
function tarWithFile(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, "utf8");
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(data.length, 12), 124);
  header.write(octal(0, 12), 136);
  header.write("        ", 148); // checksum field counts as spaces while summing
  header.write("0", 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + " ", 148);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding, Buffer.alloc(1024)]);
}

export function writeOciImage(dir: string, tag: string, fileText: string): OciImage {
  const blobs = join(dir, "blobs", "sha256");
  mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer): string => {
    const hex = sha256(bytes);
    writeFileSync(join(blobs, hex), bytes);
    return hex;
  };
  const tar = tarWithFile("hello.txt", Buffer.from(fileText));
  const layer = gzipSync(tar);
  const layerHex = put(layer);
  const config = Buffer.from(
    JSON.stringify({ architecture: "amd64", os: "linux", config: {}, rootfs: { type: "layers", diff_ids: [`sha256:${sha256(tar)}`] } }),
  );
  const configHex = put(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${configHex}`, size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: `sha256:${layerHex}`, size: layer.length }],
    }),
  );
  const manifestHex = put(manifest);
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(
    join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: `sha256:${manifestHex}`,
          size: manifest.length,
          annotations: { "org.opencontainers.image.ref.name": tag },
        },
      ],
    }),
  );
  return { dir, tag, manifestDigest: `sha256:${manifestHex}`, layerDigest: `sha256:${layerHex}`, configDigest: `sha256:${configHex}` };
}
