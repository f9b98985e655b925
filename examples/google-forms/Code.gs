/**
 * NPS Loop for Google Forms: posts every submitted (or edited) response to NPS Loop's signed
 * webhook, following the Standard Webhooks scheme. Google Forms has no webhooks of its own.
 *
 * Set up (README.md in this folder): paste this file into the form's Apps Script project, set the
 * script properties NPS_LOOP_URL and NPS_LOOP_SECRET, run installTrigger() once.
 */

/** Runs once: adds the installable "On form submit" trigger for this form. */
// biome-ignore lint/correctness/noUnusedVariables: run by hand from the Apps Script editor
function installTrigger() {
  var form = FormApp.getActiveForm();
  ScriptApp.getProjectTriggers().forEach((t) => {
    if (t.getHandlerFunction() === "onFormSubmit") ScriptApp.deleteTrigger(t);
  });
  ScriptApp.newTrigger("onFormSubmit").forForm(form).onFormSubmit().create();
}

/** The installable trigger: one signed POST per response. */
// biome-ignore lint/correctness/noUnusedVariables: Apps Script calls it on each form submit
function onFormSubmit(e) {
  var props = PropertiesService.getScriptProperties();
  var url = props.getProperty("NPS_LOOP_URL"); // https://<host>/api/webhooks/webhook/<source slug>
  var secret = props.getProperty("NPS_LOOP_SECRET"); // whsec_... (the value behind the org file's secretEnv)
  if (!url || !secret) throw new Error("Set the script properties NPS_LOOP_URL and NPS_LOOP_SECRET");

  var body = JSON.stringify(npsLoopBody(e.response, FormApp.getActiveForm().getId()));
  // The response id is the message id: a resend of the same response is recognised as such.
  var id = "gforms-" + e.response.getId();
  var timestamp = String(Math.floor(Date.now() / 1000));
  var key = Utilities.base64Decode(secret.replace(/^whsec_/, ""));
  var signed = Utilities.newBlob(id + "." + timestamp + "." + body).getBytes();
  var signature = Utilities.base64Encode(Utilities.computeHmacSha256Signature(signed, key));

  var res = UrlFetchApp.fetch(url, {
    method: "post",
    contentType: "application/json",
    payload: body,
    headers: { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": "v1," + signature },
    muteHttpExceptions: true,
  });
  if (res.getResponseCode() >= 300) {
    // Shown in the script's executions list; Google e-mails the owner when a trigger fails.
    throw new Error("NPS Loop answered " + res.getResponseCode() + ": " + res.getContentText());
  }
}

/** The body NPS Loop receives: the response id, times, e-mail and every answer by question title. */
function npsLoopBody(response, formId) {
  var answers = {};
  response.getItemResponses().forEach((item) => {
    var value = item.getResponse();
    answers[item.getItem().getTitle()] = Array.isArray(value) ? value.join(", ") : String(value);
  });
  // An edited response keeps its id and gets a new timestamp: NPS Loop keeps the latest version.
  var submitted = response.getTimestamp().toISOString();
  var email = response.getRespondentEmail();
  return {
    externalId: response.getId(),
    respondedAt: submitted,
    updatedAt: submitted,
    customer: email ? { email: email } : null,
    attributes: { formId: formId },
    answers: answers,
  };
}
