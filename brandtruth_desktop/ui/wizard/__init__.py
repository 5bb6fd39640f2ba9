"""The campaign wizard: Brand → Brand truth → Copy → Images → Formats and render."""

from brandtruth_desktop.ui.wizard.wizard import CampaignWizard

__all__ = ["CampaignWizard"]
