// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initShowIf } from "./show-if.js";

initAll();
initShowIf();
