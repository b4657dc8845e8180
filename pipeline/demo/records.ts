// Record-level Demo City data: the elders registry and service orders, streamed chunk by chunk.
// Each (district, sex, birth year) chunk has its own seeded generator, so nothing city-wide is held in memory.
import {join} from "node:path";
import {DISTRICTS} from "./city.ts";
import type {RosterEntry} from "./facilities.ts";
import {FILES, PLAN, orderId, type KnownRow} from "./known-issues.ts";
import {makeId} from "../lib/idnumber.ts";
import {LAST_YEAR, MAX_AGE, SEXES, type PopulationModel} from "./population.ts";
import {makeRng, normal, pickWeighted, poisson, randInt, stochasticRound, type Rng} from "./rng.ts";
import {CsvStream} from "./write.ts";

/** The registry and orders are an extract taken on this day. */
export const AS_OF = "2025-10-31";

const DAY = 86400;
const EPOCH = Date.UTC(2015, 0, 1) / 1000;
const dayOf = (y: number, m: number, d: number) => Math.round((Date.UTC(y, m - 1, d) / 1000 - EPOCH) / DAY);
const AS_OF_DAY = dayOf(2025, 10, 31);
const AS_OF_END = (AS_OF_DAY + 1) * DAY - 1;
const PLATFORM_START = dayOf(2016, 7, 1);
const ORDERS_START = dayOf(2022, 1, 1);

// Day numbers (days since 2015-01-01, may be negative for birth dates) to text, cached for the range orders use.
const isoDay = (day: number) => new Date((EPOCH + day * DAY) * 1000).toISOString().slice(0, 10);
const DAY_TEXT: string[] = [];
for (let d = 0; d <= AS_OF_DAY + 40; d++) DAY_TEXT.push(isoDay(d));
const dayText = (day: number) => (day >= 0 && day < DAY_TEXT.length ? DAY_TEXT[day] : isoDay(day));
const PAD2 = Array.from({length: 60}, (_, i) => String(i).padStart(2, "0"));
/** Seconds since 2015-01-01 00:00 (local, naive) → `YYYY-MM-DD HH:MM:SS`. */
function stamp(t: number): string {
  const day = Math.floor(t / DAY), s = t - day * DAY;
  return `${DAY_TEXT[day]} ${PAD2[Math.floor(s / 3600)]}:${PAD2[Math.floor((s % 3600) / 60)]}:${PAD2[s % 60]}`;
}

/** Months of the order period, 2022-01 … 2025-10: first day number of each, plus the end. */
const MONTHS: number[] = [];
for (let y = 2022, m = 1; y < 2025 || (y === 2025 && m <= 11); m === 12 ? (y++, (m = 1)) : m++) MONTHS.push(dayOf(y, m, 1));

const SERVICES = ["meal", "cleaning", "bathing", "medical", "emergency", "mobility", "visit", "day_care", "rehab", "other"] as const;
type Service = (typeof SERVICES)[number];
const SERVICE_WEIGHTS_ABLE = [40, 16, 4, 9, 1.5, 3, 3, 10, 4, 9.5];
const SERVICE_WEIGHTS_DISABLED = [28, 14, 14, 12, 3, 8, 3, 5, 10, 3];
/** Fee range in yuan and duration range in minutes, by service. */
const FEE: Record<Service, [number, number]> = {meal: [10, 22], cleaning: [40, 120], bathing: [50, 130], medical: [30, 200], emergency: [0, 60], mobility: [20, 80], visit: [20, 40], day_care: [30, 90], rehab: [80, 220], other: [10, 100]};
const DURATION: Record<Service, [number, number]> = {meal: [15, 90], cleaning: [120, 1560], bathing: [240, 2880], medical: [120, 4320], emergency: [8, 60], mobility: [60, 1440], visit: [30, 150], day_care: [360, 600], rehab: [60, 4320], other: [60, 2880]};
const CHANNELS = ["app", "phone", "smart_device", "onsite"] as const;
/** Channel mix drifts from phone and counter towards the app and smart devices: weights at 2022-01 and 2025-10. */
const CHANNEL_FROM = [0.14, 0.46, 0.05, 0.35], CHANNEL_TO = [0.36, 0.24, 0.2, 0.2];
const CHANNEL_BY_MONTH = MONTHS.map((_, m) => CHANNEL_FROM.map((w, c) => w + ((CHANNEL_TO[c] - w) * m) / (MONTHS.length - 2)));

export interface RecordStats {
  elders: number;
  orders: number;
  issues: KnownRow[];
}

interface FacilityLookup {
  /** [districtIndex][year − 2022] → station and community facility ids open that year */
  byDistrictYear: string[][][];
}

export function facilityLookup(roster: RosterEntry[]): FacilityLookup {
  return {
    byDistrictYear: DISTRICTS.map((_, di) =>
      [2022, 2023, 2024, 2025].map((year) => roster.filter((r) => r.districtIndex === di && (r.type === "station" || r.type === "community") && r.opened <= year && r.closed > year).map((r) => r.id)),
    ),
  };
}

/** Draws the day of an event with a piecewise-constant monthly hazard, from `from` on; Infinity if never. */
function hazardDay(rng: Rng, from: number, segments: [number, number][]): number {
  // segments: [start day, hazard per 30 days]; the last one runs forever
  let need = -Math.log(1 - rng());
  let t = from;
  for (let i = 0; i < segments.length; i++) {
    const end = i + 1 < segments.length ? segments[i + 1][0] : Infinity;
    if (t >= end) continue;
    const rate = segments[i][1] / 30;
    const start = Math.max(t, segments[i][0]);
    if (rate > 0 && start + need / rate < end) return Math.floor(start + need / rate);
    if (rate > 0) need -= (end - start) * rate;
    t = end;
  }
  return Infinity;
}

/**
 * Registration on the platform, monthly hazards from the later of the platform start and the 60th birthday. The
 * platform is still being rolled out, so the register keeps growing with the 60+ population to the extract (~59 %
 * of the 60+ registered in 2025) rather than filling up by 2023. Disabled elders register for help soon after the
 * onset (NEED_REGISTRATION of them, hazard NEED_HAZARD a month); REASSESSED of those already registered are
 * assessed again after the onset (the register holds the latest assessment only).
 */
const REGISTRATION: [number, number][] = [[PLATFORM_START, 0.006], [dayOf(2019, 1, 1), 0.01], [dayOf(2022, 1, 1), 0.016]];
const NEED_REGISTRATION = 0.85;
const NEED_HAZARD: [number, number][] = [[PLATFORM_START, 0.3]];
const REASSESSED = 0.4;
/** Mean years a disabled elder has been disabled at the last day (exponential). */
const DISABLED_MEAN_YEARS = 3;
const ASSESSMENT: [number, number][] = [[dayOf(2019, 1, 1), 0.006], [dayOf(2023, 1, 1), 0.022]];

function abilityLevel(rng: Rng, age: number, dying: boolean): number {
  const moderate = (age < 70 ? 0.012 : age < 75 ? 0.025 : age < 80 ? 0.045 : age < 85 ? 0.08 : age < 90 ? 0.14 : 0.25) * (dying ? 2 : 1);
  const mild = age < 70 ? 0.05 : age < 80 ? 0.1 : age < 90 ? 0.2 : 0.28;
  const u = rng();
  if (u < moderate) return 2 + pickWeighted(rng, [0.5, 0.3, 0.2]);
  return u < moderate + mild ? 1 : 0;
}

/** Streams elders.csv and service_orders.csv into `dir`. */
export async function writeRecords(dir: string, model: PopulationModel, roster: RosterEntry[], seed: number, scale: number): Promise<RecordStats> {
  const elders = new CsvStream(join(dir, FILES.elders));
  const orders = new CsvStream(join(dir, FILES.service_orders));
  elders.push(["id_number", "birth_date", "sex", "district", "ability_level", "assessed_on", "living", "special", "registered_on", "died_on"]);
  orders.push(["order_id", "person", "district", "facility_id", "service", "channel", "ordered_at", "completed_at", "status", "fee", "subsidy", "rating"]);
  const issues: KnownRow[] = [];
  const facilities = facilityLookup(roster);
  const years = model.years.length;
  // people aged 100+ sit in one model cell; spread them over ages 100–105
  const OPEN_WEIGHTS = [0.42, 0.25, 0.15, 0.09, 0.055, 0.035];
  const cell = (v: Float64Array, age: number) => (age < MAX_AGE ? v[age] : age - MAX_AGE < OPEN_WEIGHTS.length ? v[MAX_AGE] * OPEN_WEIGHTS[age - MAX_AGE] : 0);
  let orderCount = 0;
  const po = PLAN.service_orders;

  // ids, codes, dates and numbers never need CSV quoting, so rows are joined directly
  const emitOrder = (cells: string[]) => {
    const line = orders.nextLine;
    if (line === po.subsidyOverFee.line) {
      cells[9] = po.subsidyOverFee.fee;
      cells[10] = po.subsidyOverFee.subsidy;
      issues.push({dataset: "service_orders", file: FILES.service_orders, line, column: "subsidy", value: cells[10], reason: "subsidy greater than fee"});
    } else if (line === po.completedBeforeOrdered.line) {
      cells[6] = po.completedBeforeOrdered.orderedAt;
      cells[7] = po.completedBeforeOrdered.completedAt;
      cells[8] = "completed";
      issues.push({dataset: "service_orders", file: FILES.service_orders, line, column: "completed_at", value: cells[7], reason: "completed_at before ordered_at"});
    } else if (line === po.duplicateId.line) {
      cells[0] = orderId(po.duplicateId.copiesLine - 1);
      issues.push({dataset: "service_orders", file: FILES.service_orders, line, column: "order_id", value: cells[0], reason: `duplicate order_id (first on line ${po.duplicateId.copiesLine})`});
    }
    orders.pushLine(cells.join(",") + "\n");
  };

  const emitElder = (cells: string[]) => {
    if (elders.nextLine === PLAN.elders.badChecksum.line) {
      const line = elders.push(PLAN.elders.badChecksum.row);
      issues.push({dataset: "elders", file: FILES.elders, line, column: "id_number", value: PLAN.elders.badChecksum.row[0], reason: "ID number checksum invalid"});
    }
    elders.pushLine(cells.join(",") + "\n");
  };

  for (let di = 0; di < DISTRICTS.length; di++) {
    const district = DISTRICTS[di];
    const rural = district.profile === "county" || district.profile === "county_city";
    const districtLabel = (rng: Rng) => (district.kind === "zone" && rng() < 0.5 ? district.aliases[0] : district.name);
    for (let si = 0; si < SEXES.length; si++) {
      const male = si === 0;
      for (let birthYear = 1910; birthYear <= LAST_YEAR - 60; birthYear++) {
        const rng = makeRng(seed, 0xe1de, di, si, birthYear);
        // who: alive at the end of the model, or dying in a year after the platform started
        const people: number[] = []; // death year, or 0 for alive
        const alive = cell(model.byYear[years - 1][di][si], LAST_YEAR - birthYear);
        for (let k = stochasticRound(rng, alive * scale); k > 0; k--) people.push(0);
        for (let y = 2016; y <= LAST_YEAR; y++) {
          const age = y - 1 - birthYear;
          if (age < 59) continue;
          const died = cell(model.deaths[y - model.years[0]][di][si], age);
          for (let k = stochasticRound(rng, died * scale); k > 0; k--) people.push(y);
        }
        const perDay = new Map<number, number>();
        const seqStart = randInt(rng, 0, 499);
        const yearStart = dayOf(birthYear, 1, 1), yearDays = dayOf(birthYear + 1, 1, 1) - yearStart;
        for (const deathYear of people) {
          if (elders.needsFlush) await elders.flush();
          if (orders.needsFlush) await orders.flush();
          let birthDay = yearStart + Math.floor(rng() * yearDays);
          let k = perDay.get(birthDay) ?? 0;
          while (k >= 500) {
            birthDay = birthDay + 1 < yearStart + yearDays ? birthDay + 1 : yearStart;
            k = perDay.get(birthDay) ?? 0;
          }
          perDay.set(birthDay, k + 1);
          const birthText = dayText(birthDay);
          const [by, bm, bd] = birthText.split("-").map(Number);
          const sixty = dayOf(by + 60, bm, bm === 2 && bd === 29 ? 28 : bd);
          let deathDay = deathYear ? dayOf(deathYear, 1, 1) + Math.floor(rng() * 365) : Infinity;
          if (deathDay <= sixty) deathDay = sixty + 1 + Math.floor(rng() * 30);
          if (deathDay > AS_OF_DAY) deathDay = Infinity; // died after the extract: alive in it
          const lastDay = Math.min(deathDay - 1, AS_OF_DAY);
          const age = Math.floor((lastDay - birthDay) / 365.25);
          const dying = deathDay !== Infinity;
          // ability at the last day; a disabled elder became so `onset` days before, and registers on the platform
          // for help soon after (the need) unless already registered
          const final = abilityLevel(rng, age, dying);
          const onset = final >= 2 ? lastDay - Math.floor(-Math.log(1 - rng()) * DISABLED_MEAN_YEARS * 365) : Infinity;
          const general = rng() < 0.04 ? Infinity : hazardDay(rng, Math.max(PLATFORM_START, sixty), REGISTRATION);
          const byNeed = onset !== Infinity && rng() < NEED_REGISTRATION ? hazardDay(rng, Math.max(PLATFORM_START, sixty, onset), NEED_HAZARD) : Infinity;
          const registered = Math.min(general, byNeed);
          if (!(registered < deathDay && registered <= AS_OF_DAY)) continue;
          // the register holds the latest assessment: disabled if assessed after the onset
          const reassessed = onset > registered && onset <= lastDay && rng() < REASSESSED ? hazardDay(rng, onset, NEED_HAZARD) : Infinity;
          const ability = onset <= registered || reassessed <= lastDay ? final : final >= 2 ? (rng() < 0.6 ? 1 : 0) : final;
          const specialRoll = rng();
          const special = rural
            ? specialRoll < 0.012 ? "extreme_poverty" : specialRoll < 0.047 ? "subsistence" : specialRoll < 0.067 ? "low_income" : specialRoll < 0.071 ? "bereaved_parents" : "none"
            : specialRoll < 0.004 ? "extreme_poverty" : specialRoll < 0.022 ? "subsistence" : specialRoll < 0.034 ? "low_income" : specialRoll < 0.04 ? "bereaved_parents" : "none";
          const livingRoll = rng();
          const alone = 0.1 + (!male && age >= 80 ? 0.1 : 0) + (special !== "none" ? 0.08 : 0);
          const institution = ability >= 3 ? 0.15 : ability === 2 ? 0.06 : 0.012;
          const living = livingRoll < institution ? "institution" : livingRoll < institution + alone ? "alone" : livingRoll < institution + alone + 0.45 ? "empty_nest" : "with_family";
          const assessFactor = ability >= 2 || special !== "none" ? 3 : 1;
          const routine = rng() < 0.15 ? Infinity : hazardDay(rng, registered, ASSESSMENT.map(([d, h]) => [d, h * assessFactor] as [number, number]));
          const assessed = reassessed <= lastDay ? Math.max(reassessed, routine <= lastDay ? routine : -Infinity) : routine;
          const seq = ((seqStart + k) % 500) * 2 + (male ? 1 : 0);
          const id = makeId(district.code, birthText.replace(/-/g, ""), seq);
          const blank = rng();
          emitElder([
            id,
            blank < 0.06 ? "" : birthText,
            blank < 0.03 || (blank > 0.06 && blank < 0.08) ? "" : male ? "male" : "female",
            districtLabel(rng),
            String(ability),
            assessed <= lastDay ? dayText(assessed) : "",
            living,
            special,
            dayText(registered),
            deathDay !== Infinity ? dayText(deathDay) : "",
          ]);

          // service orders, 2022-01 to the extract, while registered and alive
          const from = Math.max(ORDERS_START, registered), to = lastDay;
          if (from > to) continue;
          const userP = 0.1 + (ability >= 2 ? 0.3 : ability === 1 ? 0.1 : 0) + (living === "alone" ? 0.1 : 0) + (special !== "none" ? 0.15 : 0) + (age >= 80 ? 0.08 : 0);
          const user = living !== "institution" && rng() < userP;
          const monthlyRate = user ? Math.exp(normal(rng, Math.log(0.32), 0.85)) * (ability >= 2 ? 1.6 : 1) : 0;
          const visited = special !== "none" ? (rng() < 0.88 ? 0.95 : 0.15) : 0;
          if (!user && !visited) continue;
          const subsidyRate = special === "extreme_poverty" || special === "subsistence" ? 1 : special === "low_income" ? 0.7 : special === "bereaved_parents" ? 0.5 : ability >= 2 ? 0.5 : 0;
          const homeRoll = rng();
          const weights = ability >= 2 ? SERVICE_WEIGHTS_DISABLED : SERVICE_WEIGHTS_ABLE;
          for (let m = 0; m < MONTHS.length - 1; m++) {
            const mStart = Math.max(MONTHS[m], from), mEnd = Math.min(MONTHS[m + 1] - 1, to);
            if (mStart > mEnd) continue;
            const progress = m / (MONTHS.length - 2);
            const span = mEnd - mStart + 1, full = MONTHS[m + 1] - MONTHS[m];
            const channelWeights = CHANNEL_BY_MONTH[m];
            const yearIdx = Math.min(3, Math.floor(m / 12));
            const local = facilities.byDistrictYear[di][yearIdx];
            const facility = local.length ? local[Math.floor(homeRoll * local.length)] : "";
            const n = user ? poisson(rng, (monthlyRate * (0.6 + 0.8 * progress) * span) / full) : 0;
            const visits = visited && rng() < visited * Math.min(1, (span / full) * 1.5) ? 1 : 0;
            for (let j = 0; j < n + visits; j++) {
              const isVisit = j >= n;
              const service: Service = isVisit ? "visit" : SERVICES[pickWeighted(rng, weights)];
              const day = mStart + Math.floor(rng() * span);
              const hour = service === "emergency" ? Math.floor(rng() * 24) : 7 + pickWeighted(rng, [6, 9, 10, 9, 6, 4, 6, 7, 6, 4, 3, 2, 1, 0.5]);
              const orderedAt = day * DAY + hour * 3600 + Math.floor(rng() * 3600);
              let channel: string;
              if (isVisit) channel = rng() < 0.8 ? "onsite" : "phone";
              else if (service === "emergency" && rng() < 0.6) channel = "smart_device";
              else channel = CHANNELS[pickWeighted(rng, channelWeights)];
              const [dLo, dHi] = DURATION[service];
              const completedAt = orderedAt + 60 * randInt(rng, dLo, dHi) + Math.floor(rng() * 60);
              const statusRoll = rng();
              const recent = AS_OF_DAY - day < 10;
              let status = isVisit
                ? statusRoll < 0.02 ? "cancelled" : "completed"
                : statusRoll < 0.055 ? "cancelled" : statusRoll < (recent ? 0.35 : 0.058) ? "pending" : "completed";
              if (status === "completed" && completedAt > AS_OF_END) status = "pending";
              const [fLo, fHi] = FEE[service];
              const fee = status === "cancelled" ? 0 : isVisit ? 30 : Math.round(fLo + rng() * (fHi - fLo));
              const subsidy = isVisit ? fee : service === "meal" && age >= 80 && subsidyRate < 1 ? Math.min(fee, 4) : Math.round(fee * (subsidyRate || (rng() < 0.2 ? 0.2 : 0)) * 100) / 100;
              const rating = status === "completed" && rng() < 0.65 ? String(1 + pickWeighted(rng, [0.02, 0.03, 0.1, 0.3, 0.55])) : "";
              orderCount++;
              emitOrder([
                orderId(orderCount),
                id,
                district.code,
                isVisit ? facility : rng() < 0.15 ? "" : facility,
                service,
                channel,
                stamp(orderedAt),
                status === "completed" ? stamp(completedAt) : "",
                status,
                fee.toFixed(2),
                subsidy.toFixed(2),
                rating,
              ]);
            }
          }
        }
      }
    }
  }
  const elderRows = elders.nextLine - 2;
  await Promise.all([elders.close(), orders.close()]);
  return {elders: elderRows, orders: orderCount, issues};
}
