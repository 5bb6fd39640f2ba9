"""BrandTruth Desktop: ads that say only what the brand itself says."""

__version__ = "0.1.0"
APP_NAME = "BrandTruth Desktop"
APP_ID = "brandtruth"
