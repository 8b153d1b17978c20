"""The pure domain core: no Django, no apps. Consensus math, similarity, the ISO form, stages."""
