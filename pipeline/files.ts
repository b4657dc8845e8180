// What the pipeline reads and writes on disk: input files must be regular files inside the input folder; what it
// writes (warehouse, report, exports, lock) is private to the owner by default (0600 files, 0700 folders), or
// readable by the group with --group-access (0640, 0750).
import {chmod, lstat, readdir, realpath, stat} from "node:fs/promises";
import path from "node:path";
import {InputError} from "./read/csv.ts";

export interface Modes {
  file: number;
  dir: number;
}

export function modes(groupAccess = false): Modes {
  return groupAccess ? {file: 0o640, dir: 0o750} : {file: 0o600, dir: 0o700};
}

/**
 * Check that `file` (found in `inputDir`) is a regular file inside the input folder: a folder, a device or a pipe
 * is refused, and so is a symbolic link that leads out of the folder (it is never followed). Throws InputError.
 */
export async function checkInputFile(inputDir: string, file: string): Promise<void> {
  const name = path.relative(inputDir, file) || file;
  const info = await lstat(file);
  if (info.isSymbolicLink()) {
    let target: string;
    try {
      target = await realpath(file);
    } catch {
      throw new InputError(`${name} 是指向不存在文件的符号链接 / ${name} is a symbolic link to nothing`, name);
    }
    const root = await realpath(inputDir);
    const relative = path.relative(root, target);
    if (relative.startsWith("..") || path.isAbsolute(relative)) {
      throw new InputError(
        `${name} 是指向输入文件夹之外的符号链接，不读取 / ${name} is a symbolic link out of the input folder and is not followed; copy the file into the folder`,
        name
      );
    }
    return checkInputFile(inputDir, path.join(inputDir, relative));
  }
  if (info.isDirectory()) throw new InputError(`${name} 是文件夹，不是文件 / ${name} is a folder, not a file`, name);
  if (!info.isFile()) throw new InputError(`${name} 不是普通文件（设备、管道或套接字）/ ${name} is not a regular file (a device, pipe or socket)`, name);
}

/** chmod a file or folder (a folder with everything in it) to the modes. */
export async function restrict(target: string, m: Modes): Promise<void> {
  const info = await stat(target);
  if (!info.isDirectory()) {
    await chmod(target, m.file);
    return;
  }
  await chmod(target, m.dir);
  for (const entry of await readdir(target, {withFileTypes: true})) {
    const child = path.join(target, entry.name);
    if (entry.isDirectory()) await restrict(child, m);
    else if (entry.isFile()) await chmod(child, m.file);
  }
}
