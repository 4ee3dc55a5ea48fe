// A person consulted on a procedure (issue 11): the demo puts "Resolving practitioner
// disagreements and escalation of concerns" out for consultation to two named people, who
// have no role in any partnership. One of them opens the procedure from its link, reaches the
// draft, and comments on a passage; the comment is stored (it survives a reload) while the
// procedure's text is theirs to read only.
import assert from "node:assert/strict";
import { e2eSuite, uniqueTag } from "./helpers/harness.mjs";
import { DraftPage, ReaderPage, SectionComments } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const CONSULTEE = "police.consultee@example.org";
const SECTION = "Recording";

scenario("a person consulted reads the procedure and comments on it, and the comment is kept", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Police consultee", server, { account: CONSULTEE });
  const me = await (await s.context.request.get(`${server.url}/api/me`)).json();
  assert.equal(me.partnerships.length, 0, "no partnership role");
  const procedure = me.shared.find((d) => d.role === "viewer");
  assert.ok(procedure, `shared: ${JSON.stringify(me.shared)}`);

  // The link a business office would send.
  await s.page.goto(`/procedures/${procedure.documentId}`);
  const reader = new ReaderPage(s.page);
  await reader.draftLink.waitFor({ state: "visible" });
  const draft = await reader.openDraft();
  const comments = new SectionComments(draft, SECTION);
  await comments.panel.waitFor({ state: "visible" });
  const note = `Police would add the crime reference number ${uniqueTag()}`;
  await comments.add({ quote: "Record each stage", comment: note });
  await comments.waitForOpen(note);

  await draft.status.waitFor("saved-server", { who: "Police consultee" });
  await s.page.reload();
  const again = new DraftPage(s.page);
  await again.sections.first().waitFor({ state: "visible" });
  await new SectionComments(again, SECTION).waitForOpen(note);
  assert.equal(await s.page.getByRole("button", { name: /^Accept/ }).count(), 0, "accepting suggestions is for the procedure's editors");
});
