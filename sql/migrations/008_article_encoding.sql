-- 008: how each page's bytes became text, so a misdeclared charset is visible in SQL:
--   encoding:        the encoding used, by its usual name (utf-8, windows-1251, koi8-r, ...)
--   encoding_source: declared (BOM, HTTP header or the page's own declaration) | default (none
--                    declared: UTF-8) | detected (the declaration did not read; another did) |
--                    best_effort (nothing read cleanly: the least damaged reading, with a note
--                    in the source's result)
-- Articles stored before 008 keep NULL (a re-process fills them).
ALTER TABLE articles ADD COLUMN encoding VARCHAR;
ALTER TABLE articles ADD COLUMN encoding_source VARCHAR;
