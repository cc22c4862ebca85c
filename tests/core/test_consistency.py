"""The product's promise (DESIGN §1, §4): SegDesk's mask is the training notebook's mask.

The reference side is the seed notebook's pipeline written out literally — `cv2.imread`, BGR→RGB,
the hand-written `val_transform`, `smp.Unet(..., encoder_weights=None)` + `load_state_dict`,
`torch.sigmoid(model(x))`, `> 0.5` — and the other side is SegDesk's package pipeline
(`find_package` → `Segmenter(pkg, "cpu").predict(load_rgb(path))`).
"""

from __future__ import annotations

import albumentations as A
import cv2
import numpy as np
import pytest
import segmentation_models_pytorch as smp
import torch
from albumentations.pytorch import ToTensorV2

from desktop.core.image_io import load_rgb
from desktop.core.package import find_package, read_package
from desktop.core.package_writer import write_package
from desktop.core.segmenter import Segmenter
from desktop.core.thread_budget import torch_threads_here
from desktop.core.verify import verify_package


def notebook_model(architecture: str, encoder: str, checkpoint):
    """The notebook's model cell."""
    model_class = {"Unet": smp.Unet, "UnetPlusPlus": smp.UnetPlusPlus}[architecture]
    model = model_class(
        encoder_name=encoder, encoder_weights=None, in_channels=3, classes=1, activation=None
    )
    model.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    model.eval()
    return model


def notebook_predict(model, path):
    """The notebook's inference cell: (probability at 256×256, mask at 256×256)."""
    img = cv2.imread(str(path))
    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    val_transform = A.Compose([
        A.Resize(256, 256),
        A.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
        ToTensorV2(),
    ])  # fmt: skip
    x = val_transform(image=img)["image"].unsqueeze(0)
    with torch.no_grad():
        probs = torch.sigmoid(model(x))
    prob = probs[0, 0].numpy()
    return prob, prob > 0.5


@pytest.fixture(scope="module", params=["unet34", "unetpp34"])
def model_pair(request):
    """(notebook model, SegDesk segmenter) for the same trained weights."""
    built = request.getfixturevalue(request.param)
    package = find_package(str(built.package_dir))
    assert package.architecture == built.architecture
    segmenter = Segmenter(package, "cpu")
    assert segmenter.device.id == "cpu"
    return notebook_model(built.architecture, built.encoder, built.checkpoint), segmenter


def test_segdesk_reproduces_the_notebook_bit_for_bit(model_pair, sample_images):
    model, segmenter = model_pair
    foreground_fractions = []
    for name, path in sample_images.items():
        expected_prob, expected_mask = notebook_predict(model, path)
        image = load_rgb(path)
        height, width = image.shape[:2]
        prediction = segmenter.predict(image)

        assert prediction.model_probability.shape == (256, 256), name
        assert prediction.model_probability.dtype == np.float32, name
        difference = float(np.max(np.abs(prediction.model_probability - expected_prob)))
        assert difference <= 1e-6, f"{name}: probabilities differ by {difference}"
        assert np.array_equal(prediction.model_probability, expected_prob), (
            f"{name}: probabilities are close ({difference:.1e}) but not identical"
        )
        assert np.array_equal(prediction.model_mask, expected_mask), name

        # DESIGN §4: back to the original size with INTER_LINEAR, then the strict threshold.
        assert prediction.image_size == (height, width), name
        expected_full = cv2.resize(expected_prob, (width, height), interpolation=cv2.INTER_LINEAR)
        assert np.array_equal(prediction.probability, expected_full), name
        assert np.array_equal(prediction.mask, expected_full > 0.5), name
        assert prediction.mask.shape == (height, width), name
        foreground_fractions.append(float(expected_mask.mean()))

    # The comparison only means something if the masks are neither empty nor full.
    for name, fraction in zip(sample_images, foreground_fractions, strict=True):
        assert 0.0 < fraction < 1.0, f"{name}: degenerate mask ({fraction:.3f}); recalibrate"


def test_probabilities_straddle_the_threshold(model_pair, sample_images):
    """Guards the test above: probabilities are not saturated at exactly 0 and 1."""
    model, _ = model_pair
    prob, _ = notebook_predict(model, sample_images["landscape.png"])
    interior = np.count_nonzero((prob > 0.01) & (prob < 0.99))
    assert interior > 0.1 * prob.size


def test_sample_images_cover_the_interesting_geometries(sample_images):
    shapes = {name: load_rgb(path).shape[:2] for name, path in sample_images.items()}
    assert any(h > w for h, w in shapes.values()), "need a portrait image"
    assert any(h < w for h, w in shapes.values()), "need a landscape image"
    assert any(h * w < 100 for h, w in shapes.values()), "need a tiny image"
    assert {path.suffix for path in sample_images.values()} >= {".png", ".jpg"}


def test_bundled_reference_cases_verify_exactly(model_pair):
    _, segmenter = model_pair
    report = verify_package(segmenter)
    assert report.passed, report.describe()
    assert report.mismatched_ppm == 0.0
    assert report.max_probability_difference == 0.0
    assert len(report.cases) == 2


def test_resnet34_references_verify_with_two_torch_threads(model_pair):
    """An exact batch runs one torch thread per image and the app all of torch's threads: the
    probabilities of both architectures must not change with the thread count."""
    _, segmenter = model_pair
    with torch_threads_here(2):
        report = verify_package(segmenter)
    assert report.passed and report.max_probability_difference == 0.0, report.describe()


def test_references_verify_with_a_different_thread_count(unet18):
    """References are written on one machine and verified on another: the CPU result must not
    depend on how many threads torch uses (the suite itself runs with one)."""
    threads = torch.get_num_threads()
    segmenter = Segmenter(read_package(unet18.package_dir), "cpu")
    model_probability, used = segmenter.model_probability, []

    def counting(image):
        result = model_probability(image)
        used.append(torch.get_num_threads())
        return result

    segmenter.model_probability = counting
    with torch_threads_here(threads + 1):
        report = verify_package(segmenter)
    assert used and set(used) == {threads + 1}
    assert torch.get_num_threads() == threads
    assert report.passed and report.max_probability_difference == 0.0, report.describe()


def test_float16_package_still_verifies_bit_exact(unet18, sample_images, tmp_path):
    folder = write_package(
        tmp_path / "half",
        model=unet18.network,
        name="half",
        architecture="Unet",
        encoder="resnet18",
        transform=A.Compose(
            [
                A.Resize(256, 256),
                A.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
                ToTensorV2(),
            ]
        ),  # fmt: skip
        reference_images=[sample_images["wide.jpg"], sample_images["tiny.png"]],
        store_dtype="float16",
    )
    package = read_package(folder)
    full_size = (unet18.package_dir / package.weights).stat().st_size
    assert package.weights_path.stat().st_size < 0.6 * full_size  # really stored as float16
    segmenter = Segmenter(package, "cpu")
    report = verify_package(segmenter)
    assert report.passed, report.describe()
    assert report.mismatched_ppm == 0.0
    assert report.max_probability_difference == 0.0
    # The float16 rounding changed the network (so the references are not the float32 ones).
    original = Segmenter(read_package(unet18.package_dir), "cpu")
    image = load_rgb(sample_images["wide.jpg"])
    assert not np.array_equal(
        segmenter.predict(image).model_probability, original.predict(image).model_probability
    )
