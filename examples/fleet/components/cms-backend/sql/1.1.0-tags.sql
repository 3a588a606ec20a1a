-- 1.1.0: tags on articles. The rows written by 1.0.0 are kept; the downgrade drops only the column.
ALTER TABLE article ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE article SET tags = 'news' WHERE title = 'Welcome';
