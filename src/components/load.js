// Reads a loader's Arrow file into plain rows from its bytes: handing the fetch Response to Arrow (what
// FileAttachment.arrow() does) lets Arrow cancel the body after the last batch, which Chromium reports as a
// failed request (net::ERR_ABORTED) for files larger than one network chunk.
//
// API
//   loadRows(FileAttachment("data/x.arrow")) → Promise of plain row objects (toRows: dates as Date)
import {tableFromIPC} from "npm:apache-arrow";
import {toRows} from "./data.js";

export async function loadRows(file) {
  return toRows(tableFromIPC(new Uint8Array(await file.arrayBuffer())));
}
