-- 006: how each extracted field was found, so an analyst can keep only what the text states.
-- Values (documented in normalise/records.py and the README):
--   countries_found: format_name | states_listed | region_group | officials | states | sentence_before
--   status_found:    cue | verb_tense | said_at | ahead_of | sentence_before | default
--   date_found:      text | text_year_inferred | relative | dateline
--   city_found:      text | venue_line | residence | capital_named | scene | dateline
--   ordinal_found:   text | first_time | back_reference
--   title_found:     text | registry
--   person_found:    text (named) | registry (named only by office: the office's holder that day)
--   year_found:      text | relative | base_year | sentence_before
--   scope_found:     text | context
-- Rows stored before 006 keep NULL: how they were found was not recorded (a re-process fills it).
ALTER TABLE meeting_mentions ADD COLUMN countries_found VARCHAR;
ALTER TABLE meeting_mentions ADD COLUMN status_found VARCHAR;
ALTER TABLE meeting_mentions ADD COLUMN date_found VARCHAR;
ALTER TABLE meeting_mentions ADD COLUMN city_found VARCHAR;
ALTER TABLE meeting_mentions ADD COLUMN ordinal_found VARCHAR;
ALTER TABLE participations ADD COLUMN title_found VARCHAR;
ALTER TABLE participations ADD COLUMN person_found VARCHAR;
ALTER TABLE trade_figures ADD COLUMN year_found VARCHAR;
ALTER TABLE trade_figures ADD COLUMN scope_found VARCHAR;
