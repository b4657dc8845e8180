// Resident ID numbers (GB 11643-1999): checksum, and the birth date and sex they carry.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The check character for the first 17 digits of an ID. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** True when the value is an 18-character ID with a valid checksum and a real birth date. */
export function isValidId(value: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(value)) return false;
  if (idCheckChar(value.slice(0, 17)) !== value[17].toUpperCase()) return false;
  return idBirthDate(value) !== null;
}

/** ISO birth date (YYYY-MM-DD) from an ID, or null if the digits are not a real date. */
export function idBirthDate(value: string): string | null {
  const y = Number(value.slice(6, 10)), m = Number(value.slice(10, 12)), d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
}

/** Sex from the 17th digit: odd male, even female. */
export function idSex(value: string): "male" | "female" {
  return Number(value[16]) % 2 === 1 ? "male" : "female";
}

/** Make a valid ID from region code (6 digits), birth date (YYYYMMDD) and sequence (3 digits). */
export function makeId(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}
