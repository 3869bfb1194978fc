"""Mastodon's limits, in one place: the Instance entity shows them, and the code that
posts statuses, uploads media, edits profiles and creates polls enforces them."""
from django.conf import settings

# Statuses
MAX_STATUS_CHARACTERS = 500
MAX_MEDIA_ATTACHMENTS = 4
CHARACTERS_RESERVED_PER_URL = 23  # every URL counts as this many characters

# Media attachments
IMAGE_MIME_TYPES = ["image/jpeg", "image/png", "image/gif", "image/heic", "image/heif", "image/webp", "image/avif"]
VIDEO_MIME_TYPES = ["video/webm", "video/mp4", "video/quicktime", "video/ogg"]
AUDIO_MIME_TYPES = ["audio/wave", "audio/wav", "audio/x-wav", "audio/x-pn-wave", "audio/vnd.wave", "audio/ogg",
                    "audio/vorbis", "audio/mpeg", "audio/mp3", "audio/webm", "audio/flac", "audio/aac", "audio/m4a",
                    "audio/x-m4a", "audio/mp4", "audio/3gpp", "video/x-ms-asf"]
SUPPORTED_MIME_TYPES = IMAGE_MIME_TYPES + VIDEO_MIME_TYPES + AUDIO_MIME_TYPES
IMAGE_SIZE_LIMIT = 16 * 1024 * 1024          # bytes
IMAGE_MATRIX_LIMIT = 33_177_600              # pixels (width x height) of an upload
IMAGE_STORED_MATRIX_LIMIT = 8_294_400        # originals are scaled down to this many pixels
MEDIA_SMALL_MATRIX_LIMIT = 230_400           # previews and custom thumbnails (640x360 in area)
VIDEO_SIZE_LIMIT = 99 * 1024 * 1024          # bytes
VIDEO_MATRIX_LIMIT = 8_294_400               # pixels
VIDEO_FRAME_RATE_LIMIT = 120                 # frames per second
MEDIA_DESCRIPTION_LIMIT = 1500               # alt text characters

# Polls
POLL_MAX_OPTIONS = 4
POLL_MAX_CHARACTERS_PER_OPTION = 50
# seconds; shortened with the periodic jobs' intervals in tests (settings.PERIODIC_INTERVAL_SCALE)
POLL_MIN_EXPIRATION = max(1, int(300 * settings.PERIODIC_INTERVAL_SCALE))
POLL_MAX_EXPIRATION = 2_629_746              # seconds (a month)

# Accounts
MAX_DISPLAY_NAME_LENGTH = 30
MAX_NOTE_LENGTH = 500
MAX_AVATAR_DESCRIPTION_LENGTH = 1500
MAX_HEADER_DESCRIPTION_LENGTH = 1500
MAX_FEATURED_TAGS = 10
MAX_PINNED_STATUSES = 5
MAX_PROFILE_FIELDS = 4
PROFILE_FIELD_NAME_LIMIT = 255
PROFILE_FIELD_VALUE_LIMIT = 255

# Custom emoji
CUSTOM_EMOJI_SIZE_LIMIT = 256 * 1024         # bytes
CUSTOM_EMOJI_SHORTCODE_PATTERN = r"^[a-zA-Z0-9_]{2,}$"
