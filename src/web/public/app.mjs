// Progressive enhancement only: every page works without this script.
import { initAll } from '/assets/govuk/all.bundle.mjs';
initAll();
