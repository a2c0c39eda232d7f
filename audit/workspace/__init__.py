"""The auditor workspace: who may read which part of the log, the search box, the case timelines, the exports and
the read-only rule. It stands above the registry and the reports whose cases it shows; the log itself (`audit`'s
models, chain, recorder, verification) imports nothing of the domain."""
