// Shared by every page: mark that scripts run (pages enhance themselves only then).
"use strict";
document.documentElement.classList.add("js");
