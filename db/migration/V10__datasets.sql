-- Datasets that users registered by server-side path. Built-in datasets from installed packages
-- are found on disk and have no row.

CREATE TABLE dataset (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    format      text NOT NULL CHECK (format IN ('IDX', 'CIFAR10', 'IMAGE_FOLDER')),
    path        text NOT NULL,
    channels    integer CHECK (channels IN (1, 3)),
    image_size  integer CHECK (image_size >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Only image folders are converted and resized on load, so only they carry a target shape.
    CHECK ((format = 'IMAGE_FOLDER') = (channels IS NOT NULL AND image_size IS NOT NULL)),
    CHECK (format = 'IMAGE_FOLDER' OR (channels IS NULL AND image_size IS NULL))
);
