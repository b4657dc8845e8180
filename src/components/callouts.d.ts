// Types of callouts.js for pipeline/deck/build.ts and the tests.
type Point = [number, number];
type Rect = {x: number; y: number; w: number; h: number};
export function leaderAnchor(
  district: {cx: number; cy: number; ring: Point[]} | {cx: number; cy: number; rings: Point[][]},
  target: Point,
  options: {labels: Rect[]; others: Point[][]; lines: [number, number, number, number][]; pad: number; step: number; grid?: number; across?: number; gap?: number}
): {p: Point; cost: number};
export function assignCallouts(
  callouts: {cx: number; cy: number; ring: Point[]}[],
  slots: number[],
  columns: number | {left?: number | null; right?: number | null},
  options: {labels: Rect[]; rings: Point[][]; pad: number; step: number}
): {anchor: Point; slot: number; side: "left" | "right"}[];
export function fitColumns<T extends {need: number[]; scale: number}>(widest: number, layout: (left: number, right: number) => T, tries?: number): T;
export function pointInRing(point: Point, ring: Point[]): boolean;
export function clearance(rings: Point[][], x: number, y: number): number;
export function boxClearance(rings: Point[][], box: Rect): number;
