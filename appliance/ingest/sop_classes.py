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
from pynetdicom import sop_class as sc

__all__ = ["STORAGE_SOP_CLASSES", "TRANSFER_SYNTAXES"]

STORAGE_SOP_CLASSES: tuple[str, ...] = (
    sc.CTImageStorage,
    sc.EnhancedCTImageStorage,
    sc.LegacyConvertedEnhancedCTImageStorage,
    sc.MRImageStorage,
    sc.EnhancedMRImageStorage,
    sc.EnhancedMRColorImageStorage,
    sc.ComputedRadiographyImageStorage,
    sc.DigitalXRayImageStorageForPresentation,
    sc.DigitalXRayImageStorageForProcessing,
    sc.UltrasoundImageStorage,
    sc.UltrasoundMultiFrameImageStorage,
    sc.SecondaryCaptureImageStorage,
    sc.MultiFrameSingleBitSecondaryCaptureImageStorage,
    sc.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
    sc.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
    sc.MultiFrameTrueColorSecondaryCaptureImageStorage,
    sc.PositronEmissionTomographyImageStorage,
    sc.EnhancedPETImageStorage,
    sc.BasicTextSRStorage,
    sc.EnhancedSRStorage,
    sc.ComprehensiveSRStorage,
    sc.Comprehensive3DSRStorage,
    sc.XRayRadiationDoseSRStorage,
    sc.SegmentationStorage,
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
