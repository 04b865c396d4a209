"""The practice loops of the chapter that sit beside the four tasks: events and conferences
(:mod:`.events`), online platforms (:mod:`.online`), the personal brand (:mod:`.brand`),
collaboration projects (:mod:`.projects`), referral and recommendation asks (:mod:`.asks`) and
progress kept over weeks (:mod:`.progress`).

Pure like the analyses (DataFrames and plain values in, DataFrames out, ``as_of`` explicit); they
may compose the analyses (common ground's openers for an event, for instance), which the
analyses may not do with each other.
"""
