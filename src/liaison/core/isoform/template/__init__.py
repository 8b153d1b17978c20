"""The blank ISO/IEC/CEN/CENELEC commenting template (version 2012-03) shipped with liaison."""
