-- Tours of a wall (issue 16): the scenes a display rotates through, set by a commander for one
-- wall token. One row per token, kept when the tour is stopped (steps '[]') so the version only
-- ever grows: an editor that saw version n can be told that someone else saved n + 1 meanwhile.
CREATE TABLE wall_tours (
  wall_token_id integer PRIMARY KEY REFERENCES wall_tokens (id) ON DELETE CASCADE,
  steps jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array'),
  version integer NOT NULL DEFAULT 1,
  updated_by integer REFERENCES users (id),
  updated_name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
