"""Which storage SOP classes and transfer syntaxes the Storage SCP accepts.

The list covers what a CT, MR, CR, DX, US or secondary-capture modality sends, the enhanced
(multi-frame) CT and MR objects, PET (the chest CT cohorts come with PET-CT studies), and the SR
and SEG objects that ScanSide itself and other analysis nodes produce. Anything else is refused
at association time (the presentation context is rejected), which the sender reports clearly.

Pixel data is stored as received, never transcoded, so every transfer syntax pydicom can read
(with the pylibjpeg and pyjpegls decoders installed) is accepted.
"""

from __future__ import annotations

from pydicom import uid

__all__ = ["STORAGE_SOP_CLASSES", "TRANSFER_SYNTAXES"]

STORAGE_SOP_CLASSES: tuple[str, ...] = (
    uid.CTImageStorage,
    uid.EnhancedCTImageStorage,
    uid.LegacyConvertedEnhancedCTImageStorage,
    uid.MRImageStorage,
    uid.EnhancedMRImageStorage,
    uid.EnhancedMRColorImageStorage,
    uid.ComputedRadiographyImageStorage,
    uid.DigitalXRayImageStorageForPresentation,
    uid.DigitalXRayImageStorageForProcessing,
    uid.UltrasoundImageStorage,
    uid.UltrasoundMultiFrameImageStorage,
    uid.SecondaryCaptureImageStorage,
    uid.MultiFrameSingleBitSecondaryCaptureImageStorage,
    uid.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
    uid.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
    uid.MultiFrameTrueColorSecondaryCaptureImageStorage,
    uid.PositronEmissionTomographyImageStorage,
    uid.EnhancedPETImageStorage,
    uid.BasicTextSRStorage,
    uid.EnhancedSRStorage,
    uid.ComprehensiveSRStorage,
    uid.Comprehensive3DSRStorage,
    uid.XRayRadiationDoseSRStorage,
    uid.SegmentationStorage,
)

TRANSFER_SYNTAXES: tuple[str, ...] = (
    uid.ExplicitVRLittleEndian,
    uid.ImplicitVRLittleEndian,
    uid.DeflatedExplicitVRLittleEndian,
    uid.ExplicitVRBigEndian,
    uid.JPEGBaseline8Bit,
    uid.JPEGExtended12Bit,
    uid.JPEGLossless,
    uid.JPEGLosslessSV1,
    uid.JPEGLSLossless,
    uid.JPEGLSNearLossless,
    uid.JPEG2000Lossless,
    uid.JPEG2000,
    uid.HTJ2KLossless,
    uid.HTJ2KLosslessRPCL,
    uid.HTJ2K,
    uid.RLELossless,
)
