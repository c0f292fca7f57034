// Applies the saved or system colour scheme before the app paints, then starts the app.
// Kept outside index.html so the Content-Security-Policy can forbid inline scripts.
const THEME_KEY = "cloudlab.theme";
let theme = null;
try { theme = window.localStorage.getItem(THEME_KEY); } catch (_) { /* storage blocked */ }
const dark = theme === "dark" || (theme !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
document.documentElement.classList.toggle("dark", dark);

import init from "./pkg/cloudlab.js";
init().then(() => {
  const boot = document.getElementById("boot");
  if (boot) boot.remove();
}).catch((err) => {
  const boot = document.getElementById("boot");
  if (boot) boot.textContent = "CloudLab could not start: " + err;
});
