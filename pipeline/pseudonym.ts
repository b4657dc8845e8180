// The key of the keyed hash (HMAC-SHA256) that replaces personal identifiers, and the SQL macro that applies it.
import {createHash, randomBytes} from "node:crypto";
import {existsSync} from "node:fs";
import {chmod, link, mkdir, readFile, rm, writeFile} from "node:fs/promises";
import path from "node:path";

export interface PseudonymKey {
  key: Buffer;
  source: "env" | "file" | "created";
  file?: string;
}

/**
 * The key comes from AGING_PSEUDONYM_KEY, else from a key file (AGING_PSEUDONYM_KEY_FILE, default
 * `pseudonym.key` beside the warehouse, which git ignores), made with 32 random bytes on first use.
 */
export async function pseudonymKey(defaultFile: string, env: NodeJS.ProcessEnv = process.env): Promise<PseudonymKey> {
  const fromEnv = env.AGING_PSEUDONYM_KEY?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error("AGING_PSEUDONYM_KEY is too short: use at least 16 characters (32 random bytes in hex is best)");
    return {key: Buffer.from(fromEnv, "utf8"), source: "env"};
  }
  const file = path.resolve(env.AGING_PSEUDONYM_KEY_FILE || defaultFile);
  try {
    const text = (await readFile(file, "utf8")).trim();
    if (text.length < 32) throw new Error(`the pseudonym key file ${file} is too short or damaged`);
    return {key: Buffer.from(text, "utf8"), source: "file", file};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), {recursive: true});
  // Written whole to a temporary name, then linked into place: a run killed here leaves no empty or half key
  // (which would fail every later run); link fails when another run made the key first, and that key is used.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${Date.now()}.tmp.key`); // *.key: ignored by git too
  try {
    await writeFile(temp, randomBytes(32).toString("hex") + "\n", {encoding: "utf8", flag: "wx", mode: 0o600});
    await chmod(temp, 0o600);
    await link(temp, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(temp, {force: true});
  }
  const text = (await readFile(file, "utf8")).trim();
  return {key: Buffer.from(text, "utf8"), source: "created", file};
}

/** A temporary SQL macro ao_hmac(text) → hex HMAC-SHA256 under the key. It lives in the connection only. */
export function hmacMacroSql(key: Buffer): string {
  const block = Buffer.alloc(64);
  // HMAC (RFC 2104): a key longer than the hash's 64-byte block is hashed first, as Node's createHmac does
  (key.length > 64 ? createHash("sha256").update(key).digest() : key).copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString("hex");
  const opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString("hex");
  return `create or replace temp macro ao_hmac(m) as sha256(unhex('${opad}') || unhex(sha256(unhex('${ipad}') || encode(m))))`;
}

export class LostKeyError extends Error {}

/** Where the key comes from for a warehouse: the environment, or this key file. */
export function keyFileFor(defaultFile: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.AGING_PSEUDONYM_KEY?.trim()) return null;
  return path.resolve(env.AGING_PSEUDONYM_KEY_FILE || defaultFile);
}

/**
 * A warehouse exists but its key file is gone: a new key would silently change every pseudonym (no person could be
 * followed from one run to the next). Stop, unless the operator says a new key is meant (`--new-key`).
 */
export function checkKeyKept(warehouse: string, defaultFile: string, newKey: boolean, env: NodeJS.ProcessEnv = process.env): void {
  const file = keyFileFor(defaultFile, env);
  if (!file || newKey || !existsSync(warehouse) || existsSync(file)) return;
  throw new LostKeyError(
    `数据仓库 ${warehouse} 已存在，但假名化密钥文件 ${file} 不见了：新密钥会使所有假名改变。请找回密钥文件（或设置 AGING_PSEUDONYM_KEY），确需新密钥时加 --new-key / ` +
      `the warehouse ${warehouse} exists but its pseudonym key file ${file} is missing: a new key would change every pseudonym. Restore the key file (or set AGING_PSEUDONYM_KEY), or run with --new-key if a new key is meant`
  );
}
