// Onboarding: one case per new hire and its lifecycle, as pure values and state machines.
