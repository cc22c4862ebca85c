<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>OpenVINO (fast CPU engine)</source>
        <translation>OpenVINO (mesin CPU cepat)</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>tidak terpasang</translation>
    </message>
    <message>
        <source>Offline segmentation of medical RGB images with trained segmentation-models-pytorch models. No network connection is ever made.</source>
        <translation>Segmentasi luring gambar medis RGB dengan model segmentation-models-pytorch yang sudah dilatih. SegDesk tidak pernah membuat sambungan jaringan.</translation>
    </message>
    <message>
        <source>Log folder: {log}&lt;br&gt;User models: {user}&lt;br&gt;Bundled models: {bundled}</source>
        <translation>Folder log: {log}&lt;br&gt;Model pengguna: {user}&lt;br&gt;Model bawaan: {bundled}</translation>
    </message>
    <message>
        <source>About SegDesk</source>
        <translation>Tentang SegDesk</translation>
    </message>
</context>
<context>
    <name>BatchAudit</name>
    <message>
        <source>Approximate engine: no image was checked against the exact engine (audit off).</source>
        <translation>Mesin perkiraan: tidak ada gambar yang diperiksa terhadap mesin eksak (audit nonaktif).</translation>
    </message>
    <message>
        <source>Approximate engine, checked against the exact engine on %1 image(s): mask disagreement mean %2 ppm, max %3 ppm (pixels per million, at model resolution).</source>
        <translation>Mesin perkiraan, diperiksa terhadap mesin eksak pada %1 gambar: perbedaan masker rata-rata %2 ppm, maksimum %3 ppm (piksel per sejuta, pada resolusi model).</translation>
    </message>
</context>
<context>
    <name>BatchController</name>
    <message>
        <source>Batch could not run</source>
        <translation>Segmentasi massal tidak dapat dijalankan</translation>
    </message>
</context>
<context>
    <name>BatchProgressDialog</name>
    <message>
        <source>Failed ({0}):</source>
        <translation>Gagal ({0}):</translation>
    </message>
    <message>
        <source>Done with a warning ({0}):</source>
        <translation>Selesai dengan peringatan ({0}):</translation>
    </message>
    <message>
        <source>Batch Segmentation</source>
        <translation>Segmentasi Massal</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Menyiapkan…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Open Output Folder</source>
        <translation>Buka Folder Keluaran</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Segmenting {0} images…</source>
        <translation>Menyegmentasi {0} gambar…</translation>
    </message>
    <message>
        <source>{done} of {total} images, {failed} failed, {already} already done</source>
        <translation>{done} dari {total} gambar, {failed} gagal, {already} sudah selesai sebelumnya</translation>
    </message>
    <message>
        <source>{done} of {total} images, {failed} failed</source>
        <translation>{done} dari {total} gambar, {failed} gagal</translation>
    </message>
    <message>
        <source>{done} of {total} images</source>
        <translation>{done} dari {total} gambar</translation>
    </message>
    <message>
        <source>Current: {0}</source>
        <translation>Sedang diproses: {0}</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>Menulis laporan…</translation>
    </message>
    <message>
        <source>Time left: {0}</source>
        <translation>Sisa waktu: {0}</translation>
    </message>
    <message>
        <source>Batch Finished</source>
        <translation>Segmentasi Massal Selesai</translation>
    </message>
    <message>
        <source>Batch Cancelled</source>
        <translation>Segmentasi Massal Dibatalkan</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cancelled&lt;/b&gt;: {done} done, {failed} failed, {skipped} already done, {not_run} not run (of {total}).</source>
        <translation>&lt;b&gt;Dibatalkan&lt;/b&gt;: {done} berhasil, {failed} gagal, {skipped} sudah selesai sebelumnya, {not_run} tidak dijalankan (dari {total}).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cancelled&lt;/b&gt;: {done} done, {failed} failed, {skipped} already done (of {total}).</source>
        <translation>&lt;b&gt;Dibatalkan&lt;/b&gt;: {done} berhasil, {failed} gagal, {skipped} sudah selesai sebelumnya (dari {total}).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Finished&lt;/b&gt;: {done} done, {failed} failed, {skipped} already done, {not_run} not run (of {total}).</source>
        <translation>&lt;b&gt;Selesai&lt;/b&gt;: {done} berhasil, {failed} gagal, {skipped} sudah selesai sebelumnya, {not_run} tidak dijalankan (dari {total}).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Finished&lt;/b&gt;: {done} done, {failed} failed, {skipped} already done (of {total}).</source>
        <translation>&lt;b&gt;Selesai&lt;/b&gt;: {done} berhasil, {failed} gagal, {skipped} sudah selesai sebelumnya (dari {total}).</translation>
    </message>
    <message>
        <source>Report: {0}</source>
        <translation>Laporan: {0}</translation>
    </message>
    <message>
        <source>Output folder: {folder}
Took {took}</source>
        <translation>Folder keluaran: {folder}
Durasi: {took}</translation>
    </message>
    <message>
        <source>Threshold {0} (overridden; the model&apos;s is {1}).</source>
        <translation>Ambang batas {0} (diganti; milik model {1}).</translation>
    </message>
    <message>
        <source>The masks in the output folder were made by runs with different settings ({0}); run.json lists which run made which.</source>
        <translation>Masker di folder keluaran dibuat oleh beberapa proses dengan pengaturan berbeda ({0}); run.json mencatat proses mana yang membuat masing-masing masker.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Membatalkan…</translation>
    </message>
</context>
<context>
    <name>BatchSetupDialog</name>
    <message>
        <source>not loaded yet</source>
        <translation>belum dimuat</translation>
    </message>
    <message>
        <source>{0} (fallback: {1})</source>
        <translation>{0} (dialihkan: {1})</translation>
    </message>
    <message>
        <source>Batch Segment Folder</source>
        <translation>Segmentasi Massal Folder</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Include subfolders</source>
        <translation>Sertakan subfolder</translation>
    </message>
    <message>
        <source>DICOM Segmentation per DICOM file (SEG)</source>
        <translation>Segmentasi DICOM per berkas DICOM (SEG)</translation>
    </message>
    <message>
        <source>Redo images already done (otherwise resume)</source>
        <translation>Ulangi gambar yang sudah selesai (jika tidak, lanjutkan)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <source>Input folder</source>
        <translation>Folder masukan</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Folder keluaran</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <source>Writes report.csv and run.json in the output folder. Your input files are never changed.</source>
        <translation>Menulis report.csv dan run.json di folder keluaran. Berkas masukan Anda tidak pernah diubah.</translation>
    </message>
    <message>
        <source>{0} — your override (the model&apos;s own is {1}); recorded in run.json</source>
        <translation>{0} — ambang batas pengganti Anda (milik model {1}); dicatat di run.json</translation>
    </message>
    <message>
        <source>{0} (the model&apos;s own)</source>
        <translation>{0} (milik model)</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>milik model</translation>
    </message>
    <message>
        <source>{0} images will be segmented; images done before are redone.</source>
        <translation>{0} gambar akan disegmentasi; gambar yang sudah selesai sebelumnya dikerjakan ulang.</translation>
    </message>
    <message>
        <source>{0} of {1} images will be segmented; {2} already done with this model, device and threshold are kept.</source>
        <translation>{0} dari {1} gambar akan disegmentasi; {2} yang sudah dikerjakan dengan model, perangkat, dan ambang batas ini dipertahankan.</translation>
    </message>
    <message>
        <source>{0} images will be segmented. Running again into the same output folder resumes: images an earlier run already did with this model, device and threshold are not redone.</source>
        <translation>{0} gambar akan disegmentasi. Menjalankan lagi ke folder keluaran yang sama akan melanjutkan: gambar yang sudah dikerjakan dengan model, perangkat, dan ambang batas ini tidak dikerjakan ulang.</translation>
    </message>
    <message>
        <source>Choose the folder of images to segment.</source>
        <translation>Pilih folder berisi gambar yang akan disegmentasi.</translation>
    </message>
    <message>
        <source>Input folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder masukan &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Choose where to write the results.</source>
        <translation>Pilih tempat untuk menulis hasilnya.</translation>
    </message>
    <message>
        <source>Choose at least one kind of file to save.</source>
        <translation>Pilih setidaknya satu jenis berkas untuk disimpan.</translation>
    </message>
</context>
<context>
    <name>CaseWindow</name>
    <message>
        <source>Ground truth vs prediction — {0}</source>
        <translation>Acuan vs prediksi — {0}</translation>
    </message>
    <message>
        <source>{0} — Dice {1} · TP {2} · FP {3} · FN {4} px</source>
        <translation>{0} — Dice {1} · TP {2} · FP {3} · FN {4} px</translation>
    </message>
    <message>
        <source>Opacity of the TP / FP / FN colours</source>
        <translation>Opasitas warna TP / FP / FN</translation>
    </message>
    <message>
        <source>ground truth (outline)</source>
        <translation>acuan (garis tepi)</translation>
    </message>
    <message>
        <source>TP: found, correct</source>
        <translation>TP: ditemukan, benar</translation>
    </message>
    <message>
        <source>FP: found, not in the ground truth</source>
        <translation>FP: ditemukan, tidak ada di acuan</translation>
    </message>
    <message>
        <source>FN: missed</source>
        <translation>FN: terlewat</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opasitas</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Compare Models</source>
        <translation>Bandingkan Model</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Tukar</translation>
    </message>
    <message>
        <source>Exchange model A and model B</source>
        <translation>Tukar model A dan model B</translation>
    </message>
    <message>
        <source>Each model&apos;s mask</source>
        <translation>Masker tiap model</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>Perbedaan</translation>
    </message>
    <message>
        <source>Image only</source>
        <translation>Gambar saja</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>Opasitas lapisan</translation>
    </message>
    <message>
        <source>Model A:</source>
        <translation>Model A:</translation>
    </message>
    <message>
        <source>Model B:</source>
        <translation>Model B:</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Tampilkan:</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>hanya di A</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>hanya di B</translation>
    </message>
    <message>
        <source>in both</source>
        <translation>di keduanya</translation>
    </message>
    <message>
        <source>Compare Models — {0}</source>
        <translation>Bandingkan Model — {0}</translation>
    </message>
    <message>
        <source>Grey image: the models were trained on colour images, so their masks may be unreliable.</source>
        <translation>Gambar abu-abu: model-model ini dilatih dengan gambar berwarna, jadi maskernya mungkin tidak andal.</translation>
    </message>
    <message>
        <source>Waiting for the running evaluation to finish…</source>
        <translation>Menunggu evaluasi yang sedang berjalan selesai…</translation>
    </message>
    <message>
        <source>Running {0} and {1}…</source>
        <translation>Menjalankan {0} dan {1}…</translation>
    </message>
    <message>
        <source>A: {0}</source>
        <translation>A: {0}</translation>
    </message>
    <message>
        <source>B: {0}</source>
        <translation>B: {0}</translation>
    </message>
    <message>
        <source>Dice between A and B: —</source>
        <translation>Dice antara A dan B: —</translation>
    </message>
    <message>
        <source>A: {0} — foreground {1} % ({2} px), {3} ms</source>
        <translation>A: {0} — latar depan {1} % ({2} px), {3} ms</translation>
    </message>
    <message>
        <source>B: {0} — foreground {1} % ({2} px), {3} ms</source>
        <translation>B: {0} — latar depan {1} % ({2} px), {3} ms</translation>
    </message>
    <message>
        <source>Dice between A and B: {0}    IoU: {1}</source>
        <translation>Dice antara A dan B: {0}    IoU: {1}</translation>
    </message>
    <message>
        <source>{0} pixels differ ({1} % of the image): {2} only in A, {3} only in B. Each model at its own threshold ({4} and {5}; the main window&apos;s threshold override does not apply), on {6}.</source>
        <translation>{0} piksel berbeda ({1} % dari gambar): {2} hanya di A, {3} hanya di B. Tiap model memakai ambang batasnya sendiri ({4} dan {5}; penggantian ambang batas di jendela utama tidak berlaku), di {6}.</translation>
    </message>
    <message>
        <source>The comparison failed: {0}</source>
        <translation>Perbandingan gagal: {0}</translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Lapisan</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <source>CPU (exact)</source>
        <translation>CPU (eksak)</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>GPU Apple (MPS)</translation>
    </message>
    <message>
        <source>{0} is not available on this machine</source>
        <translation>{0} tidak tersedia di komputer ini</translation>
    </message>
    <message>
        <source>CPU fast (fp32, OpenVINO)</source>
        <translation>CPU cepat (fp32, OpenVINO)</translation>
    </message>
    <message>
        <source>CPU bf16 (approximate)</source>
        <translation>CPU bf16 (perkiraan)</translation>
    </message>
    <message>
        <source>the fast CPU engine needs OpenVINO</source>
        <translation>mesin CPU cepat memerlukan OpenVINO</translation>
    </message>
    <message>
        <source>Device cpu-bf16 needs OpenVINO, which is not installed here. Use cpu or cpu-fast.</source>
        <translation>Perangkat cpu-bf16 memerlukan OpenVINO, yang tidak terpasang di sini. Gunakan cpu atau cpu-fast.</translation>
    </message>
    <message>
        <source>Device cpu-bf16 needs a CPU that computes bf16 natively (AVX-512 BF16 or AMX); this CPU ({0}) has neither, and emulated bf16 would be about 100× slower. Use cpu-fast (fp32, exact to the pixel on everything measured) or cpu.</source>
        <translation>Perangkat cpu-bf16 memerlukan CPU yang menghitung bf16 secara native (AVX-512 BF16 atau AMX); CPU ini ({0}) tidak memiliki keduanya, dan bf16 yang diemulasi sekitar 100× lebih lambat. Gunakan cpu-fast (fp32, tepat hingga tiap piksel pada semua pengukuran) atau cpu.</translation>
    </message>
    <message>
        <source>not a supported image (PNG, JPEG, BMP, TIFF or WebP expected)</source>
        <translation>bukan gambar yang didukung (diharapkan PNG, JPEG, BMP, TIFF, atau WebP)</translation>
    </message>
    <message>
        <source>the {0} decoder failed ({1})</source>
        <translation>dekoder {0} gagal ({1})</translation>
    </message>
    <message>
        <source>the {0} data is corrupt or an unsupported variant</source>
        <translation>data {0} rusak atau variannya tidak didukung</translation>
    </message>
    <message>
        <source>this is a folder, not an image file</source>
        <translation>ini folder, bukan berkas gambar</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>berkas tidak ditemukan</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>akses ditolak</translation>
    </message>
    <message>
        <source>cannot be read ({0})</source>
        <translation>tidak dapat dibaca ({0})</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation>berkas kosong (0 bita)</translation>
    </message>
    <message>
        <source>the header declares an empty image ({0})</source>
        <translation>header berkas menyatakan gambar kosong ({0})</translation>
    </message>
    <message>
        <source>the image is {0} = {1} megapixels, above SegDesk&apos;s limit of {2} megapixels</source>
        <translation>gambar berukuran {0} = {1} megapiksel, melebihi batas SegDesk sebesar {2} megapiksel</translation>
    </message>
    <message>
        <source>the JPEG file is truncated (no end-of-image marker)</source>
        <translation>berkas JPEG terpotong (tidak ada penanda akhir gambar)</translation>
    </message>
    <message>
        <source>the PNG file is truncated (no IEND chunk)</source>
        <translation>berkas PNG terpotong (tidak ada chunk IEND)</translation>
    </message>
    <message>
        <source>it has {0} frame(s); frame {1} does not exist</source>
        <translation>berkas ini memiliki {0} bingkai; bingkai {1} tidak ada</translation>
    </message>
    <message>
        <source>decoded {0}, but the header says {1}</source>
        <translation>hasil dekode berukuran {0}, tetapi header menyebut {1}</translation>
    </message>
    <message>
        <source>it is a DICOMDIR (the index of a DICOM medium), not an image; open the image files it lists instead</source>
        <translation>ini DICOMDIR (indeks sebuah media DICOM), bukan gambar; buka berkas gambar yang tercantum di dalamnya</translation>
    </message>
    <message>
        <source>it is a structured report ({0}), not an image</source>
        <translation>ini laporan terstruktur ({0}), bukan gambar</translation>
    </message>
    <message>
        <source>it is a DICOM Segmentation (a mask), not an image</source>
        <translation>ini Segmentasi DICOM (sebuah masker), bukan gambar</translation>
    </message>
    <message>
        <source>it contains no pixel data ({0}, not an image)</source>
        <translation>berkas ini tidak berisi data piksel ({0}, bukan gambar)</translation>
    </message>
    <message>
        <source>its pixels are floating point ({0}), not supported</source>
        <translation>pikselnya bertipe floating point ({0}), tidak didukung</translation>
    </message>
    <message>
        <source>the header gives no image size (Rows/Columns)</source>
        <translation>header tidak mencantumkan ukuran gambar (Rows/Columns)</translation>
    </message>
    <message>
        <source>the frame is {0} = {1} megapixels, above SegDesk&apos;s limit of {2} megapixels</source>
        <translation>bingkai berukuran {0} = {1} megapiksel, melebihi batas SegDesk sebesar {2} megapiksel</translation>
    </message>
    <message>
        <source>its transfer syntax {0} is not supported: no decoder exists for it</source>
        <translation>transfer syntax {0} tidak didukung: tidak ada dekoder untuknya</translation>
    </message>
    <message>
        <source>its transfer syntax {0} needs a decoder that is not installed ({1})</source>
        <translation>transfer syntax {0} memerlukan dekoder yang tidak terpasang ({1})</translation>
    </message>
    <message>
        <source>its pixel data cannot be decoded ({0}): {1}</source>
        <translation>data pikselnya tidak dapat didekode ({0}): {1}</translation>
    </message>
    <message>
        <source>not a readable DICOM file ({0})</source>
        <translation>bukan berkas DICOM yang dapat dibaca ({0})</translation>
    </message>
    <message>
        <source>not a DICOM file (no DICOM data elements could be read)</source>
        <translation>bukan berkas DICOM (tidak ada elemen data DICOM yang dapat dibaca)</translation>
    </message>
    <message>
        <source>truncated: the file ends at byte {0} before its pixel data ends</source>
        <translation>terpotong: berkas berakhir di bita ke-{0} sebelum data pikselnya selesai</translation>
    </message>
    <message>
        <source>truncated: the file ends at byte {0}, inside its header, in {1}, before its pixel data</source>
        <translation>terpotong: berkas berakhir di bita ke-{0}, di dalam header-nya, pada {1}, sebelum data pikselnya</translation>
    </message>
    <message>
        <source>truncated: the file ends at byte {0}, inside its header, before its pixel data</source>
        <translation>terpotong: berkas berakhir di bita ke-{0}, di dalam header-nya, sebelum data pikselnya</translation>
    </message>
    <message>
        <source>NumberOfFrames says {0} but the pixel data holds less than one frame</source>
        <translation>NumberOfFrames menyebut {0}, tetapi data pikselnya memuat kurang dari satu bingkai</translation>
    </message>
    <message>
        <source>NumberOfFrames says {0} but the pixel data holds 1 frame</source>
        <translation>NumberOfFrames menyebut {0}, tetapi data pikselnya hanya memuat 1 bingkai</translation>
    </message>
    <message>
        <source>NumberOfFrames says {0} but the pixel data holds at most {1} frames</source>
        <translation>NumberOfFrames menyebut {0}, tetapi data pikselnya memuat paling banyak {1} bingkai</translation>
    </message>
    <message>
        <source>NumberOfFrames says {0} but the pixel data holds {1} frames</source>
        <translation>NumberOfFrames menyebut {0}, tetapi data pikselnya hanya memuat {1} bingkai</translation>
    </message>
    <message>
        <source>the photometric interpretation {0} is not supported (RGB, YBR, PALETTE COLOR, MONOCHROME1 and MONOCHROME2 are)</source>
        <translation>interpretasi fotometrik {0} tidak didukung (yang didukung: RGB, YBR, PALETTE COLOR, MONOCHROME1, dan MONOCHROME2)</translation>
    </message>
    <message>
        <source>Input folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder masukan &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Input &apos;{0}&apos; is not a folder.</source>
        <translation>Masukan &apos;{0}&apos; bukan folder.</translation>
    </message>
    <message>
        <source>The output folder must differ from the input folder &apos;{0}&apos; (SegDesk never writes among your originals).</source>
        <translation>Folder keluaran harus berbeda dari folder masukan &apos;{0}&apos; (SegDesk tidak pernah menulis di antara berkas asli Anda).</translation>
    </message>
    <message>
        <source>Output &apos;{0}&apos; would lie inside the input folder; choose an output folder outside it.</source>
        <translation>Keluaran &apos;{0}&apos; akan berada di dalam folder masukan; pilih folder keluaran di luarnya.</translation>
    </message>
    <message>
        <source>Cannot write into output folder &apos;{0}&apos;: {1}.</source>
        <translation>Tidak dapat menulis ke folder keluaran &apos;{0}&apos;: {1}.</translation>
    </message>
    <message>
        <source>Images folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder gambar &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Ground-truth folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder acuan &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Images folder &apos;{0}&apos; is not a folder.</source>
        <translation>Folder gambar &apos;{0}&apos; bukan folder.</translation>
    </message>
    <message>
        <source>Ground-truth folder &apos;{0}&apos; is not a folder.</source>
        <translation>Folder acuan &apos;{0}&apos; bukan folder.</translation>
    </message>
    <message>
        <source>Cannot read ground truth &apos;{0}&apos;: {1}</source>
        <translation>Tidak dapat membaca acuan &apos;{0}&apos;: {1}</translation>
    </message>
    <message>
        <source>Ground truth &apos;{0}&apos; holds only the values 0 and 1 (a label image?); SegDesk reads foreground as grey ≥ 128, so save masks as 0 = background, 255 = foreground.</source>
        <translation>Acuan &apos;{0}&apos; hanya berisi nilai 0 dan 1 (gambar label?); SegDesk membaca latar depan sebagai nilai abu-abu ≥ 128, jadi simpan masker dengan 0 = latar belakang, 255 = latar depan.</translation>
    </message>
    <message>
        <source>The output folder must differ from the images folder &apos;{0}&apos; (SegDesk never writes among your originals).</source>
        <translation>Folder keluaran harus berbeda dari folder gambar &apos;{0}&apos; (SegDesk tidak pernah menulis di antara berkas asli Anda).</translation>
    </message>
    <message>
        <source>The output folder must differ from the ground-truth folder &apos;{0}&apos; (SegDesk never writes among your originals).</source>
        <translation>Folder keluaran harus berbeda dari folder acuan &apos;{0}&apos; (SegDesk tidak pernah menulis di antara berkas asli Anda).</translation>
    </message>
    <message>
        <source>Evaluation needs at least one model.</source>
        <translation>Evaluasi memerlukan setidaknya satu model.</translation>
    </message>
    <message>
        <source>more than one ground-truth file fits ({0}) in &apos;{1}&apos;</source>
        <translation>lebih dari satu berkas acuan cocok ({0}) di &apos;{1}&apos;</translation>
    </message>
    <message>
        <source>no ground truth: looked for {0} in &apos;{1}&apos;</source>
        <translation>tidak ada acuan: dicari {0} di &apos;{1}&apos;</translation>
    </message>
    <message>
        <source>The threshold must lie between 0 and 1, not {0}.</source>
        <translation>Ambang batas harus antara 0 dan 1, bukan {0}.</translation>
    </message>
    <message>
        <source>Model package &apos;{0}&apos; does not exist or is not a folder.</source>
        <translation>Paket model &apos;{0}&apos; tidak ada atau bukan folder.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a SegDesk model package: no {1}.</source>
        <translation>&apos;{0}&apos; bukan paket model SegDesk: tidak ada {1}.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not valid JSON: {1}</source>
        <translation>&apos;{0}&apos; bukan JSON yang valid: {1}</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; must hold a JSON object.</source>
        <translation>&apos;{0}&apos; harus berisi objek JSON.</translation>
    </message>
    <message>
        <source>Invalid manifest &apos;{0}&apos;: {1}.</source>
        <translation>Manifes &apos;{0}&apos; tidak valid: {1}.</translation>
    </message>
    <message>
        <source>Model package &apos;{0}&apos;: weights file &apos;{1}&apos; is missing.</source>
        <translation>Paket model &apos;{0}&apos;: berkas bobot &apos;{1}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Model package &apos;{0}&apos;: weights file &apos;{1}&apos; is damaged or was replaced (sha256 {2} does not match the manifest&apos;s {3}).</source>
        <translation>Paket model &apos;{0}&apos;: berkas bobot &apos;{1}&apos; rusak atau telah diganti (sha256 {2} tidak cocok dengan {3} di manifes).</translation>
    </message>
    <message>
        <source>Model package &apos;{0}&apos; has no reference cases.</source>
        <translation>Paket model &apos;{0}&apos; tidak memiliki kasus rujukan.</translation>
    </message>
    <message>
        <source>Model package &apos;{0}&apos; has no usable reference cases ({1}).</source>
        <translation>Paket model &apos;{0}&apos; tidak memiliki kasus rujukan yang dapat dipakai ({1}).</translation>
    </message>
    <message>
        <source>Checkpoint &apos;{0}&apos; does not exist.</source>
        <translation>Checkpoint &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Checkpoint &apos;{0}&apos; is empty (0 bytes).</source>
        <translation>Checkpoint &apos;{0}&apos; kosong (0 bita).</translation>
    </message>
    <message>
        <source>Cannot read checkpoint &apos;{0}&apos;: not a PyTorch or safetensors weights file.</source>
        <translation>Tidak dapat membaca checkpoint &apos;{0}&apos;: bukan berkas bobot PyTorch atau safetensors.</translation>
    </message>
    <message>
        <source>Invalid model name &apos;{0}&apos;: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;.</source>
        <translation>Nama model &apos;{0}&apos; tidak valid: gunakan huruf, angka, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;.</translation>
    </message>
    <message>
        <source>A model named &apos;{0}&apos; already exists at &apos;{1}&apos;.</source>
        <translation>Model bernama &apos;{0}&apos; sudah ada di &apos;{1}&apos;.</translation>
    </message>
    <message>
        <source>Cannot recognise the model in &apos;{0}&apos;: {1}.</source>
        <translation>Model di &apos;{0}&apos; tidak dapat dikenali: {1}.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; has {1} input and {2} output channels; SegDesk runs binary models on RGB images (3 in, 1 out).</source>
        <translation>&apos;{0}&apos; memiliki {1} kanal masukan dan {2} kanal keluaran; SegDesk menjalankan model biner pada gambar RGB (3 masuk, 1 keluar).</translation>
    </message>
    <message>
        <source>the checkpoint has no &apos;encoder.*&apos; weights (not an smp model?)</source>
        <translation>checkpoint tidak memiliki bobot &apos;encoder.*&apos; (bukan model smp?)</translation>
    </message>
    <message>
        <source>the encoder is none of {0}; pass --encoder</source>
        <translation>enkoder bukan salah satu dari {0}; pilih enkoder secara manual</translation>
    </message>
    <message>
        <source>The fast CPU engines need OpenVINO, which is not installed. Use the exact CPU device.</source>
        <translation>Mesin CPU cepat memerlukan OpenVINO, yang tidak terpasang. Gunakan perangkat CPU eksak.</translation>
    </message>
    <message>
        <source>The fast CPU engine cannot read the exported model &apos;{0}&apos; ({1}). Use the exact CPU device.</source>
        <translation>Mesin CPU cepat tidak dapat membaca model hasil ekspor &apos;{0}&apos; ({1}). Gunakan perangkat CPU eksak.</translation>
    </message>
    <message>
        <source>The fast CPU engine cannot compile model &apos;{0}&apos; ({1}). Use the exact CPU device.</source>
        <translation>Mesin CPU cepat tidak dapat mengompilasi model &apos;{0}&apos; ({1}). Gunakan perangkat CPU eksak.</translation>
    </message>
    <message>
        <source>The {0} engine does not reproduce model &apos;{1}&apos; closely enough: {2} mismatched mask pixels per million on its {3} reference cases (tolerance {4}; largest probability difference {5}). It will not be used for this model; choose the exact CPU device.</source>
        <translation>Mesin {0} tidak mereproduksi model &apos;{1}&apos; dengan cukup dekat: {2} piksel masker tidak cocok per sejuta pada {3} kasus rujukannya (toleransi {4}; selisih probabilitas terbesar {5}). Mesin ini tidak akan dipakai untuk model ini; pilih perangkat CPU eksak.</translation>
    </message>
    <message>
        <source>The {0} engine cannot be checked against model &apos;{1}&apos;, so it is not used: {2}</source>
        <translation>Mesin {0} tidak dapat diperiksa terhadap model &apos;{1}&apos;, jadi tidak dipakai: {2}</translation>
    </message>
    <message>
        <source>The fast CPU engine could not convert the model to ONNX ({0}). Use the exact CPU device.</source>
        <translation>Mesin CPU cepat tidak dapat mengonversi model ke ONNX ({0}). Gunakan perangkat CPU eksak.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; could not be replaced: it is in use by another program (or read-only); the new content was kept as &apos;{1}&apos;</source>
        <translation>&apos;{0}&apos; tidak dapat diganti: berkas itu sedang digunakan oleh program lain (atau hanya-baca); isi yang baru disimpan sebagai &apos;{1}&apos;</translation>
    </message>
    <message>
        <source>grey image given to a colour model: the model was trained on colour images, so this mask may be unreliable</source>
        <translation>gambar abu-abu untuk model berwarna: model dilatih dengan gambar berwarna, jadi masker ini mungkin tidak andal</translation>
    </message>
    <message>
        <source>tiny image ({0} px): far smaller than the model&apos;s input, so this mask may be unreliable</source>
        <translation>gambar sangat kecil ({0} px): jauh lebih kecil dari masukan model, jadi masker ini mungkin tidak andal</translation>
    </message>
    <message>
        <source>Cannot open image &apos;{0}&apos;: {1}</source>
        <translation>Tidak dapat membuka gambar &apos;{0}&apos;: {1}</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>Where the model runs; switching reloads the model on that device</source>
        <translation>Tempat model dijalankan; mengganti perangkat memuat ulang model di perangkat itu</translation>
    </message>
    <message>
        <source>Detecting devices…</source>
        <translation>Mendeteksi perangkat…</translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message>
        <source>Cannot open image</source>
        <translation>Tidak dapat membuka gambar</translation>
    </message>
    <message>
        <source>Grey image: the model was trained on colour images, so its mask may be unreliable.</source>
        <translation>Gambar abu-abu: model dilatih dengan gambar berwarna, jadi maskernya mungkin tidak andal.</translation>
    </message>
    <message>
        <source>Tiny image ({0} px): far smaller than the model&apos;s input, so its mask may be unreliable.</source>
        <translation>Gambar sangat kecil ({0} px): jauh lebih kecil dari masukan model, jadi maskernya mungkin tidak andal.</translation>
    </message>
    <message>
        <source>No more readable images in this folder (skipped {0}).</source>
        <translation>Tidak ada lagi gambar yang dapat dibaca di folder ini ({0} dilewati).</translation>
    </message>
    <message>
        <source>Skipped {0}: cannot be read as an image.</source>
        <translation>{0} dilewati: tidak dapat dibaca sebagai gambar.</translation>
    </message>
    <message>
        <source>No more images in this folder.</source>
        <translation>Tidak ada gambar lagi di folder ini.</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>Buka gambar terlebih dahulu.</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Tidak ada model</translation>
    </message>
    <message>
        <source>No model is available: import one with File › Import Model….</source>
        <translation>Tidak ada model yang tersedia: impor model melalui Berkas › Impor Model….</translation>
    </message>
    <message>
        <source>Segmentation cancelled.</source>
        <translation>Segmentasi dibatalkan.</translation>
    </message>
    <message>
        <source>Segmentation failed</source>
        <translation>Segmentasi gagal</translation>
    </message>
    <message>
        <source>Result of {0} cleared: {1} will segment this image once loaded.</source>
        <translation>Hasil {0} dihapus: {1} akan menyegmentasi gambar ini setelah dimuat.</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>estimating…</source>
        <translation>menghitung perkiraan…</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} dtk</translation>
    </message>
    <message>
        <source>{0} min {1} s</source>
        <translation>{0} mnt {1} dtk</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} jam {1} mnt</translation>
    </message>
</context>
<context>
    <name>EditActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Urungkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>U&amp;langi</translation>
    </message>
    <message>
        <source>&amp;Pan</source>
        <translation>&amp;Geser</translation>
    </message>
    <message>
        <source>Drag to pan the image (H).</source>
        <translation>Seret untuk menggeser gambar (H).</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>&amp;Kuas</translation>
    </message>
    <message>
        <source>Paint foreground (B). Drag with the middle mouse button to pan; Shift+click a region to delete it, Ctrl+click it to fill its holes.</source>
        <translation>Lukis latar depan (B). Seret dengan tombol tengah tetikus untuk menggeser; Shift+klik sebuah daerah untuk menghapusnya, Ctrl+klik untuk mengisi lubangnya.</translation>
    </message>
    <message>
        <source>Erase foreground (E). Drag with the middle mouse button to pan; Shift+click a region to delete it, Ctrl+click it to fill its holes.</source>
        <translation>Hapus latar depan (E). Seret dengan tombol tengah tetikus untuk menggeser; Shift+klik sebuah daerah untuk menghapusnya, Ctrl+klik untuk mengisi lubangnya.</translation>
    </message>
    <message>
        <source>Fill every hole inside the mask&apos;s regions (Ctrl+click: one region&apos;s).</source>
        <translation>Isi setiap lubang di dalam daerah masker (Ctrl+klik: lubang satu daerah saja).</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Isi</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>&amp;Penghapus</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>Kuas Lebih Kecil</translation>
    </message>
    <message>
        <source>Brush size down ([).</source>
        <translation>Perkecil ukuran kuas ([).</translation>
    </message>
    <message>
        <source>Bigger Brush</source>
        <translation>Kuas Lebih Besar</translation>
    </message>
    <message>
        <source>Brush size up (]).</source>
        <translation>Perbesar ukuran kuas (]).</translation>
    </message>
    <message>
        <source>&amp;Fill Holes</source>
        <translation>&amp;Isi Lubang</translation>
    </message>
    <message>
        <source>Re&amp;set to Model Mask</source>
        <translation>Kembalikan ke &amp;Masker Model</translation>
    </message>
    <message>
        <source>Undo all corrections at once (R); this step can itself be undone.</source>
        <translation>Urungkan semua koreksi sekaligus (R); langkah ini sendiri dapat diurungkan.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Kembalikan</translation>
    </message>
    <message>
        <source>Shift+click a region to delete it; Ctrl+click it to fill its holes.</source>
        <translation>Shift+klik sebuah daerah untuk menghapusnya; Ctrl+klik untuk mengisi lubangnya.</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Sunting</translation>
    </message>
</context>
<context>
    <name>EditPanel</name>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush diameter in image pixels ([ and ] change it).</source>
        <translation>Diameter kuas dalam piksel gambar ([ dan ] mengubahnya).</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Urungkan</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <source>Show the model&apos;s outline</source>
        <translation>Tampilkan garis tepi model</translation>
    </message>
    <message>
        <source>Draw the model&apos;s own mask as a cyan outline over the corrected mask.</source>
        <translation>Gambar masker asli model sebagai garis tepi sian di atas masker yang dikoreksi.</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Daerah</translation>
    </message>
</context>
<context>
    <name>EditSummary</name>
    <message>
        <source>No mask yet: segment the image first.</source>
        <translation>Belum ada masker: segmentasikan gambar terlebih dahulu.</translation>
    </message>
    <message>
        <source>Edited by hand: {added} px added, {removed} px removed from the mask of model {model}.</source>
        <translation>Disunting manual: {added} px ditambahkan, {removed} px dihapus dari masker model {model}.</translation>
    </message>
    <message>
        <source>Not edited: the mask of model {model}.</source>
        <translation>Tidak disunting: masker model {model}.</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Unexpected error</source>
        <translation>Galat tak terduga</translation>
    </message>
    <message>
        <source>SegDesk hit an unexpected error and carried on:

{error}

The details were written to the log in &apos;{folder}&apos;.</source>
        <translation>SegDesk mengalami galat tak terduga dan tetap berjalan:

{error}

Rinciannya ditulis ke log di &apos;{folder}&apos;.</translation>
    </message>
</context>
<context>
    <name>EvaluateProgressDialog</name>
    <message>
        <source>Evaluating</source>
        <translation>Mengevaluasi</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Memuat model…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Evaluating {0} model(s) on {1} image(s)…</source>
        <translation>Mengevaluasi {0} model pada {1} gambar…</translation>
    </message>
    <message>
        <source>{0} — {1}: Dice {2}</source>
        <translation>{0} — {1}: Dice {2}</translation>
    </message>
    <message>
        <source>{0} — {1}: failed</source>
        <translation>{0} — {1}: gagal</translation>
    </message>
    <message>
        <source>{0} of {1} image–model pairs done, {2} failed. Time left: {3}</source>
        <translation>{0} dari {1} pasangan gambar–model selesai, {2} gagal. Sisa waktu: {3}</translation>
    </message>
    <message>
        <source>{0} of {1} image–model pairs done. Time left: {2}</source>
        <translation>{0} dari {1} pasangan gambar–model selesai. Sisa waktu: {2}</translation>
    </message>
    <message>
        <source>Writing metrics.csv, summary.json and report.html…</source>
        <translation>Menulis metrics.csv, summary.json, dan report.html…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Membatalkan…</translation>
    </message>
</context>
<context>
    <name>EvaluateSetupDialog</name>
    <message>
        <source>Evaluate Against Ground Truth</source>
        <translation>Evaluasi terhadap Acuan</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Include subfolders</source>
        <translation>Sertakan subfolder</translation>
    </message>
    <message>
        <source>automatic: the first of &apos;&apos;, _mask, _seg, _gt that exists</source>
        <translation>otomatis: &apos;&apos;, _mask, _seg, atau _gt (yang pertama ada)</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Evaluasi</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation>Folder gambar</translation>
    </message>
    <message>
        <source>Ground-truth folder</source>
        <translation>Folder acuan</translation>
    </message>
    <message>
        <source>Mask name suffix</source>
        <translation>Akhiran nama masker</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Folder keluaran</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Each image is paired with the mask of the same name (plus the suffix) in the ground-truth folder; mask foreground is grey ≥ 128. Writes metrics.csv, summary.json and report.html in the output folder; your images and masks are never changed.</source>
        <translation>Setiap gambar dipasangkan dengan masker bernama sama (ditambah akhiran) di folder acuan; latar depan masker adalah nilai abu-abu ≥ 128. Menulis metrics.csv, summary.json, dan report.html di folder keluaran; gambar dan masker Anda tidak pernah diubah.</translation>
    </message>
    <message>
        <source>Each model is evaluated at its own threshold (from its training); the threshold override in the main window does not apply.</source>
        <translation>Tiap model dievaluasi dengan ambang batasnya sendiri (dari pelatihannya); penggantian ambang batas di jendela utama tidak berlaku.</translation>
    </message>
    <message>
        <source>Choose the folder of images.</source>
        <translation>Pilih folder gambar.</translation>
    </message>
    <message>
        <source>Images folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder gambar &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Choose the folder of ground-truth masks.</source>
        <translation>Pilih folder masker acuan.</translation>
    </message>
    <message>
        <source>Ground-truth folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder acuan &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Choose where to write the results.</source>
        <translation>Pilih tempat untuk menulis hasilnya.</translation>
    </message>
    <message>
        <source>Tick at least one model to evaluate.</source>
        <translation>Centang setidaknya satu model untuk dievaluasi.</translation>
    </message>
</context>
<context>
    <name>EvaluationController</name>
    <message>
        <source>Compare Models</source>
        <translation>Bandingkan Model</translation>
    </message>
    <message>
        <source>Open an image first: the two models are compared on the image shown.</source>
        <translation>Buka gambar terlebih dahulu: kedua model dibandingkan pada gambar yang ditampilkan.</translation>
    </message>
    <message>
        <source>Comparing needs two installed models; {0} is installed. Import another with File › Import Model….</source>
        <translation>Perbandingan memerlukan dua model terpasang; baru {0} yang terpasang. Impor model lain melalui Berkas › Impor Model….</translation>
    </message>
    <message>
        <source>Evaluate Against Ground Truth</source>
        <translation>Evaluasi terhadap Acuan</translation>
    </message>
    <message>
        <source>No model is installed: import one with File › Import Model….</source>
        <translation>Belum ada model terpasang: impor model melalui Berkas › Impor Model….</translation>
    </message>
    <message>
        <source>not in the results</source>
        <translation>tidak ada dalam hasil</translation>
    </message>
    <message>
        <source>Cannot show this image</source>
        <translation>Tidak dapat menampilkan gambar ini</translation>
    </message>
    <message>
        <source>The evaluation could not run</source>
        <translation>Evaluasi tidak dapat dijalankan</translation>
    </message>
</context>
<context>
    <name>EvaluationSummary</name>
    <message>
        <source>validation</source>
        <translation>validasi</translation>
    </message>
    <message>
        <source>heldout</source>
        <translation>uji terpisah</translation>
    </message>
    <message>
        <source>{0} vs {1}: no image was scored by both.</source>
        <translation>{0} vs {1}: tidak ada gambar yang dinilai oleh keduanya.</translation>
    </message>
    <message>
        <source>p not defined (no difference)</source>
        <translation>p tidak terdefinisi (tidak ada perbedaan)</translation>
    </message>
    <message>
        <source>Wilcoxon p = {0}</source>
        <translation>Wilcoxon p = {0}</translation>
    </message>
    <message>
        <source>{0} − {1}: mean Dice difference {2} over {3} images (95 % CI {4} to {5}, {6}). </source>
        <translation>{0} − {1}: rerata selisih Dice {2} pada {3} gambar (IK 95 % {4} sampai {5}, {6}). </translation>
    </message>
    <message>
        <source>{0} scores higher on these images.</source>
        <translation>{0} mendapat nilai lebih tinggi pada gambar-gambar ini.</translation>
    </message>
    <message>
        <source>No clear difference on these images.</source>
        <translation>Tidak ada perbedaan yang jelas pada gambar-gambar ini.</translation>
    </message>
    <message>
        <source>at model resolution</source>
        <translation>pada resolusi model</translation>
    </message>
    <message>
        <source>at image size</source>
        <translation>pada ukuran gambar</translation>
    </message>
    <message>
        <source>{name}: recorded {recorded} Dice {recorded_dice} on {count} images; measured here {measured} {where} on {n} images (95 % CI {low}–{high}), difference {difference}. </source>
        <translation>{name}: Dice {recorded} tercatat {recorded_dice} pada {count} gambar; terukur di sini {measured} {where} pada {n} gambar (IK 95 % {low}–{high}), selisih {difference}. </translation>
    </message>
    <message>
        <source>{name}: recorded {recorded} Dice {recorded_dice}; measured here {measured} {where} on {n} images (95 % CI {low}–{high}), difference {difference}. </source>
        <translation>{name}: Dice {recorded} tercatat {recorded_dice}; terukur di sini {measured} {where} pada {n} gambar (IK 95 % {low}–{high}), selisih {difference}. </translation>
    </message>
    <message>
        <source>Reproduced: the measured mean matches the recorded value to {0} (a match this close is expected only on the very images it was recorded on).</source>
        <translation>Tereproduksi: rerata terukur sama dengan nilai yang tercatat hingga selisih {0} (kecocokan sedekat ini hanya diharapkan pada gambar yang persis sama dengan saat pencatatan).</translation>
    </message>
    <message>
        <source>Reproduced within sampling error: the recorded value lies inside the interval (only the very images it was recorded on can reproduce it exactly).</source>
        <translation>Tereproduksi dalam batas galat sampel: nilai yang tercatat berada di dalam interval (hanya gambar yang persis sama dengan saat pencatatan yang dapat mereproduksinya secara tepat).</translation>
    </message>
    <message>
        <source>Not reproduced within the sampling error of these images: the recorded value lies outside the interval. Either these images differ from the ones it was recorded on (another source, another mix of easy, hard or empty images, another labelling), or the deployed pipeline differs from training (`verify` checks the pipeline).</source>
        <translation>Tidak tereproduksi dalam batas galat sampel gambar-gambar ini: nilai yang tercatat berada di luar interval. Bisa jadi gambar-gambar ini berbeda dari gambar saat pencatatan (sumber lain, campuran gambar mudah, sulit, atau kosong yang lain, pelabelan lain), atau pipeline yang dipasang berbeda dari saat pelatihan (`verify` memeriksa pipeline).</translation>
    </message>
    <message>
        <source> Empty images (no foreground: Dice 1 or 0, nothing between): {0} of {1} here ({2}%), {3} of {4} in the recorded set ({5}%).</source>
        <translation> Gambar kosong (tanpa latar depan: Dice 1 atau 0, tidak ada di antaranya): {0} dari {1} di sini ({2}%), {3} dari {4} pada set yang tercatat ({5}%).</translation>
    </message>
    <message>
        <source>{0}: no image could be scored, so nothing can be compared.</source>
        <translation>{0}: tidak ada gambar yang dapat dinilai, jadi tidak ada yang dapat dibandingkan.</translation>
    </message>
    <message>
        <source>{0}: mean Dice {1} on {2} images; the package records no validation Dice to compare with.</source>
        <translation>{0}: rerata Dice {1} pada {2} gambar; paket tidak mencatat Dice validasi untuk pembanding.</translation>
    </message>
    <message>
        <source>{0} of the {1} images have no ground-truth foreground; {2} of them got foreground predicted</source>
        <translation>{0} dari {1} gambar tidak memiliki latar depan pada acuan; {2} di antaranya mendapat prediksi latar depan</translation>
    </message>
    <message>
        <source> (Dice 0 each, {0} off the mean)</source>
        <translation> (Dice 0 masing-masing, mengurangi rerata sebesar {0})</translation>
    </message>
    <message>
        <source>; mean Dice over the images with foreground: {0}</source>
        <translation>; rerata Dice pada gambar yang memiliki latar depan: {0}</translation>
    </message>
</context>
<context>
    <name>ExactCheckPanel</name>
    <message>
        <source>Check against exact</source>
        <translation>Periksa terhadap mesin eksak</translation>
    </message>
    <message>
        <source>Run the exact engine (torch, CPU, fp32) on this image and show where its mask differs from the one shown.</source>
        <translation>Jalankan mesin eksak (torch, CPU, fp32) pada gambar ini dan tunjukkan di mana maskernya berbeda dari yang ditampilkan.</translation>
    </message>
    <message>
        <source>Segmented by %1: the mask may differ slightly from the exact engine&apos;s.</source>
        <translation>Disegmentasi oleh %1: masker mungkin sedikit berbeda dari hasil mesin eksak.</translation>
    </message>
    <message>
        <source>Running the exact engine on this image…</source>
        <translation>Menjalankan mesin eksak pada gambar ini…</translation>
    </message>
    <message>
        <source>The exact engine gives the same mask: 0 of %1 pixels differ (0 ppm).</source>
        <translation>Mesin eksak memberi masker yang sama: 0 dari %1 piksel berbeda (0 ppm).</translation>
    </message>
    <message>
        <source>The exact engine differs on %1 of %2 mask pixels (%3 ppm, at model resolution). They are ringed in magenta.</source>
        <translation>Mesin eksak berbeda pada %1 dari %2 piksel masker (%3 ppm, pada resolusi model). Piksel itu dilingkari warna magenta.</translation>
    </message>
    <message>
        <source>The exact engine could not run: %1</source>
        <translation>Mesin eksak tidak dapat dijalankan: %1</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Nothing to export</source>
        <translation>Tidak ada yang dapat diekspor</translation>
    </message>
    <message>
        <source>Segment an image first (F5).</source>
        <translation>Segmentasikan gambar terlebih dahulu (F5).</translation>
    </message>
    <message>
        <source>Result of {0}, threshold {1}.</source>
        <translation>Hasil {0}, ambang batas {1}.</translation>
    </message>
    <message>
        <source>Threshold override {override} (model: {model}) is applied and recorded in the provenance.</source>
        <translation>Ambang batas pengganti {override} (model: {model}) diterapkan dan dicatat dalam catatan asal-usul.</translation>
    </message>
    <message>
        <source>The mask was corrected by hand: the corrected mask is exported, and the model&apos;s own mask is kept as {0}_mask_model.png.</source>
        <translation>Masker dikoreksi secara manual: masker hasil koreksi yang diekspor, dan masker asli model disimpan sebagai {0}_mask_model.png.</translation>
    </message>
    <message>
        <source>Nothing to copy: segment an image first.</source>
        <translation>Tidak ada yang dapat disalin: segmentasikan gambar terlebih dahulu.</translation>
    </message>
    <message>
        <source>Overlay copied to the clipboard.</source>
        <translation>Lapisan disalin ke papan klip.</translation>
    </message>
    <message>
        <source>Exported {count} files to {folder}</source>
        <translation>{count} berkas diekspor ke {folder}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Ekspor gagal</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Segmentation</source>
        <translation>Ekspor Segmentasi</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>DICOM Segmentation (SEG, .dcm)</source>
        <translation>Segmentasi DICOM (SEG, .dcm)</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Writes {0} at the image&apos;s original size.</source>
        <translation>Menulis {0} dalam ukuran asli gambar.</translation>
    </message>
    <message>
        <source>Replaces {0} existing file(s).</source>
        <translation>Menimpa {0} berkas yang sudah ada.</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>Ekspor ke folder</translation>
    </message>
</context>
<context>
    <name>FinetuneChoices</name>
    <message>
        <source>Give the new model a name.</source>
        <translation>Beri nama model baru.</translation>
    </message>
    <message>
        <source>The name may use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Nama boleh memakai huruf, angka, &apos;.&apos;, &apos;_&apos; dan &apos;-&apos; (paling banyak 64).</translation>
    </message>
    <message>
        <source>A model called &apos;{0}&apos; already exists: choose another name.</source>
        <translation>Model bernama &apos;{0}&apos; sudah ada: pilih nama lain.</translation>
    </message>
</context>
<context>
    <name>FinetuneController</name>
    <message>
        <source>CPU, bf16 autocast (native on this CPU)</source>
        <translation>CPU, bf16 autocast (native di CPU ini)</translation>
    </message>
    <message>
        <source>CPU, fp32</source>
        <translation>CPU, fp32</translation>
    </message>
    <message>
        <source>Fine-tune from Reviewed Folder</source>
        <translation>Setel Halus dari Folder Tinjauan</translation>
    </message>
    <message>
        <source>No model is installed to start from: import one with File › Import Model….</source>
        <translation>Tidak ada model terpasang sebagai titik awal: impor model dengan Berkas › Impor Model….</translation>
    </message>
    <message>
        <source>Cannot use the new model</source>
        <translation>Tidak dapat memakai model baru</translation>
    </message>
    <message>
        <source>No model package was found in &apos;{0}&apos;.</source>
        <translation>Tidak ada paket model di &apos;{0}&apos;.</translation>
    </message>
    <message>
        <source>The fine-tune could not run</source>
        <translation>Penyetelan halus tidak dapat dijalankan</translation>
    </message>
</context>
<context>
    <name>FinetuneOutcome</name>
    <message>
        <source>Stopped. The best checkpoint so far is kept: start the same fine-tune again to resume it. No model was written.</source>
        <translation>Dihentikan. Checkpoint terbaik sejauh ini disimpan: mulai penyetelan halus yang sama lagi untuk melanjutkannya. Tidak ada model yang ditulis.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is better on the held-out images and was written to your models.</source>
        <translation>&apos;{0}&apos; lebih baik pada gambar uji terpisah dan telah ditulis ke model Anda.</translation>
    </message>
    <message>
        <source>The fine-tuned model is not better than the base model on the held-out images, so nothing was written. The report shows the comparison.</source>
        <translation>Model hasil penyetelan halus tidak lebih baik daripada model dasar pada gambar uji terpisah, jadi tidak ada yang ditulis. Laporan menampilkan perbandingannya.</translation>
    </message>
    <message>
        <source>Stopped by Cancel.</source>
        <translation>Dihentikan dengan Batal.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Selesai.</translation>
    </message>
    <message>
        <source>Trained for {0} epoch(s).</source>
        <translation>Dilatih selama {0} epoch.</translation>
    </message>
    <message>
        <source>Trained for {0} epoch(s); the best held-out Dice came at epoch {1}.</source>
        <translation>Dilatih selama {0} epoch; Dice uji terpisah terbaik dicapai pada epoch {1}.</translation>
    </message>
    <message>
        <source>p not computed</source>
        <translation>p tidak dihitung</translation>
    </message>
    <message>
        <source>p &lt; {0}</source>
        <translation>p &lt; {0}</translation>
    </message>
    <message>
        <source>p = {0}</source>
        <translation>p = {0}</translation>
    </message>
    <message>
        <source>base {0} → new {1}</source>
        <translation>dasar {0} → baru {1}</translation>
    </message>
    <message>
        <source>{0} (95 % interval {1} to {2}), {3}</source>
        <translation>{0} (IK 95 % {1} sampai {2}), {3}</translation>
    </message>
    <message>
        <source>Held-out Dice</source>
        <translation>Dice uji terpisah</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Selisih</translation>
    </message>
    <message>
        <source>Original site Dice</source>
        <translation>Dice situs asal</translation>
    </message>
    <message>
        <source>Original site</source>
        <translation>Situs asal</translation>
    </message>
    <message>
        <source>not checked (no keep images were given)</source>
        <translation>tidak diperiksa (tidak ada gambar situs asal yang diberikan)</translation>
    </message>
</context>
<context>
    <name>FinetuneProgressWindow</name>
    <message>
        <source>Stop the fine-tune?</source>
        <translation>Hentikan penyetelan halus?</translation>
    </message>
    <message>
        <source>The fine-tune is still running. If you stop it, the best checkpoint so far is kept and starting the same fine-tune again resumes it.</source>
        <translation>Penyetelan halus masih berjalan. Jika dihentikan, checkpoint terbaik sejauh ini disimpan dan memulai penyetelan halus yang sama lagi akan melanjutkannya.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Hentikan</translation>
    </message>
    <message>
        <source>Keep Running</source>
        <translation>Tetap Jalankan</translation>
    </message>
    <message>
        <source>Fine-tuning {0}</source>
        <translation>Menyetel halus {0}</translation>
    </message>
    <message>
        <source>Fine-tuning &apos;{0}&apos; from &apos;{1}&apos;.</source>
        <translation>Menyetel halus &apos;{0}&apos; dari &apos;{1}&apos;.</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Menyiapkan…</translation>
    </message>
    <message>
        <source>Epoch 0 of {0}</source>
        <translation>Epoch 0 dari {0}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Memulai…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Open Report</source>
        <translation>Buka Laporan</translation>
    </message>
    <message>
        <source>Use This Model</source>
        <translation>Pakai Model Ini</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>{0} file(s) left out:</source>
        <translation>{0} berkas tidak diikutkan:</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Melatih…</translation>
    </message>
    <message>
        <source>Epoch {0} of {1}</source>
        <translation>Epoch {0} dari {1}</translation>
    </message>
    <message>
        <source>held-out Dice {0} (best {1})</source>
        <translation>Dice uji terpisah {0} (terbaik {1})</translation>
    </message>
    <message>
        <source>time left {0}</source>
        <translation>sisa waktu {0}</translation>
    </message>
    <message>
        <source>The fine-tune could not run.</source>
        <translation>Penyetelan halus tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Menghentikan…</translation>
    </message>
    <message>
        <source>Stopping after the current step; the best checkpoint so far is kept.</source>
        <translation>Berhenti setelah langkah saat ini; checkpoint terbaik sejauh ini disimpan.</translation>
    </message>
</context>
<context>
    <name>FinetuneSetupDialog</name>
    <message>
        <source>Fine-tune from Reviewed Folder</source>
        <translation>Setel Halus dari Folder Tinjauan</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>opsional</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>huruf, angka, &apos;.&apos;, &apos;_&apos; atau &apos;-&apos;</translation>
    </message>
    <message>
        <source>Without images and masks of the site the base model was made for, forgetting of the original site will not be checked.</source>
        <translation>Tanpa gambar dan masker dari situs asal model dasar, tidak akan diperiksa apakah model baru melupakan situs asal.</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Lanjutan</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>otomatis</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epoch</translation>
    </message>
    <message>
        <source>Held-out share</source>
        <translation>Porsi uji terpisah</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>Benih acak</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <source>Review output folder</source>
        <translation>Folder keluaran tinjauan</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation>Folder gambar</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Model dasar</translation>
    </message>
    <message>
        <source>New model name</source>
        <translation>Nama model baru</translation>
    </message>
    <message>
        <source>Original site images</source>
        <translation>Gambar situs asal</translation>
    </message>
    <message>
        <source>Original site masks</source>
        <translation>Masker situs asal</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Training starts from the base model&apos;s weights every time. Part of the accepted images is held out and never trained on; the new model is written to your models only if it is not worse than the base model on them. Your images and masks are never changed.</source>
        <translation>Pelatihan selalu dimulai dari bobot model dasar. Sebagian gambar yang diterima disisihkan sebagai uji terpisah dan tidak pernah dipakai untuk pelatihan; model baru ditulis ke model Anda hanya jika tidak lebih buruk daripada model dasar pada gambar tersebut. Gambar dan masker Anda tidak pernah diubah.</translation>
    </message>
    <message>
        <source>Choose the review output folder (where review.csv is).</source>
        <translation>Pilih folder keluaran tinjauan (tempat review.csv berada).</translation>
    </message>
    <message>
        <source>Review output folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder keluaran tinjauan &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Choose the folder of the reviewed images.</source>
        <translation>Pilih folder gambar yang ditinjau.</translation>
    </message>
    <message>
        <source>Images folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder gambar &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Counting the accepted masks…</source>
        <translation>Menghitung masker yang diterima…</translation>
    </message>
    <message>
        <source>{0} accepted image(s) found; at least {1} are needed (3 are held out to prove the new model). Accept more masks in review mode first.</source>
        <translation>Ditemukan {0} gambar yang diterima; diperlukan paling sedikit {1} (3 disisihkan sebagai uji terpisah untuk membuktikan model baru). Terima lebih banyak masker dalam mode tinjauan terlebih dahulu.</translation>
    </message>
    <message>
        <source>No model is installed to start from.</source>
        <translation>Tidak ada model terpasang sebagai titik awal.</translation>
    </message>
    <message>
        <source>Choose the original site&apos;s images folder too (or clear both).</source>
        <translation>Pilih juga folder gambar situs asal (atau kosongkan keduanya).</translation>
    </message>
    <message>
        <source>Original site images folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder gambar situs asal &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Choose the original site&apos;s masks folder too (or clear both).</source>
        <translation>Pilih juga folder masker situs asal (atau kosongkan keduanya).</translation>
    </message>
    <message>
        <source>Original site masks folder &apos;{0}&apos; does not exist.</source>
        <translation>Folder masker situs asal &apos;{0}&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Counting the original site&apos;s images and masks…</source>
        <translation>Menghitung gambar dan masker situs asal…</translation>
    </message>
    <message>
        <source>No accepted masks counted yet.</source>
        <translation>Belum ada masker diterima yang terhitung.</translation>
    </message>
    <message>
        <source>{0} accepted image(s) to learn from, {1} of them corrected by hand.</source>
        <translation>{0} gambar diterima untuk dipelajari, {1} di antaranya dikoreksi manual.</translation>
    </message>
    <message>
        <source>Skipped:</source>
        <translation>Dilewati:</translation>
    </message>
    <message>
        <source>{0} replayed in training, {1} held out to check that the original site is not forgotten.</source>
        <translation>{0} diikutkan dalam pelatihan, {1} disisihkan untuk memeriksa bahwa situs asal tidak dilupakan.</translation>
    </message>
    <message>
        <source>{0} image(s) without a usable mask left out.</source>
        <translation>{0} gambar tanpa masker yang dapat dipakai tidak diikutkan.</translation>
    </message>
</context>
<context>
    <name>FinetuneStatus</name>
    <message>
        <source>… and {0} more.</source>
        <translation>… dan {0} lainnya.</translation>
    </message>
    <message>
        <source>Base model: held-out Dice {0}.</source>
        <translation>Model dasar: Dice uji terpisah {0}.</translation>
    </message>
    <message>
        <source>Base model: held-out Dice {0}; on the original site&apos;s held-out images {1}.</source>
        <translation>Model dasar: Dice uji terpisah {0}; pada gambar uji terpisah situs asal {1}.</translation>
    </message>
    <message>
        <source>Training on {0} reviewed images for {1} epochs; {2} are held out.</source>
        <translation>Melatih dengan {0} gambar yang telah ditinjau selama {1} epoch; {2} disisihkan untuk uji terpisah.</translation>
    </message>
    <message>
        <source>Training on {0} reviewed images and {1} of the original site for {2} epochs; {3} and {4} are held out.</source>
        <translation>Melatih dengan {0} gambar yang telah ditinjau dan {1} gambar situs asal selama {2} epoch; {3} dan {4} disisihkan untuk uji terpisah.</translation>
    </message>
    <message>
        <source>Reading the images…</source>
        <translation>Membaca gambar…</translation>
    </message>
    <message>
        <source>Hashing the inputs…</source>
        <translation>Menghitung sha256 masukan…</translation>
    </message>
    <message>
        <source>Computing the base model&apos;s own masks for the replayed images…</source>
        <translation>Menghitung masker model dasar sendiri untuk gambar situs asal yang diikutkan dalam pelatihan…</translation>
    </message>
    <message>
        <source>Scoring the base model on the held-out images…</source>
        <translation>Menilai model dasar pada gambar uji terpisah…</translation>
    </message>
    <message>
        <source>Evaluating the base and the new model on the held-out images…</source>
        <translation>Mengevaluasi model dasar dan model baru pada gambar uji terpisah…</translation>
    </message>
    <message>
        <source>Evaluating the base and the new model on the original site&apos;s held-out images…</source>
        <translation>Mengevaluasi model dasar dan model baru pada gambar uji terpisah situs asal…</translation>
    </message>
    <message>
        <source>Writing the model package &apos;{0}&apos;…</source>
        <translation>Menulis paket model &apos;{0}&apos;…</translation>
    </message>
    <message>
        <source>Resuming after epoch {0} of the stopped run.</source>
        <translation>Melanjutkan setelah epoch {0} dari proses yang dihentikan.</translation>
    </message>
    <message>
        <source>Starting again from the base model: {0}.</source>
        <translation>Mulai lagi dari model dasar: {0}.</translation>
    </message>
    <message>
        <source>Left out: {0}</source>
        <translation>Tidak diikutkan: {0}</translation>
    </message>
    <message>
        <source>No images of the original site were given, so whether the new model forgets the site the base model was made for is not checked. The new package records this.</source>
        <translation>Tidak ada gambar situs asal yang diberikan, jadi tidak diperiksa apakah model baru melupakan situs asal model dasar. Paket baru mencatat hal ini.</translation>
    </message>
    <message>
        <source>Forgetting is checked on only {0} held-out images of the original site. A check this small can miss a new model that marks lesion-free images of that site it has not seen: give at least {1} labelled images of that site, lesion-free ones among them, or evaluate the new model on more of them.</source>
        <translation>Apakah model baru melupakan situs asal hanya diperiksa pada {0} gambar uji terpisah situs asal. Pemeriksaan sekecil ini dapat melewatkan model baru yang menandai gambar tanpa lesi dari situs itu yang belum pernah dilihatnya: berikan paling sedikit {1} gambar berlabel dari situs itu, termasuk gambar tanpa lesi, atau evaluasi model baru pada lebih banyak gambar situs itu.</translation>
    </message>
</context>
<context>
    <name>FinetuneWorker</name>
    <message>
        <source>There is not enough memory for this fine-tune.</source>
        <translation>Memori tidak cukup untuk penyetelan halus ini.</translation>
    </message>
    <message>
        <source>SegDesk could not finish the fine-tune because of an unexpected internal problem.

The details were written to SegDesk&apos;s log file (Help › Open Log Folder).</source>
        <translation>SegDesk tidak dapat menyelesaikan penyetelan halus karena masalah internal yang tidak terduga.

Rinciannya telah ditulis ke berkas log SegDesk (Bantuan › Buka Folder Log).</translation>
    </message>
</context>
<context>
    <name>FolderDropDialog</name>
    <message>
        <source>Batch Segment…</source>
        <translation>Segmentasi Massal…</translation>
    </message>
    <message>
        <source>Batch segment: segment every image and write masks and a report to an output folder.</source>
        <translation>Segmentasi massal: segmentasikan setiap gambar lalu tulis masker dan laporan ke folder keluaran.</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Tinjau…</translation>
    </message>
    <message>
        <source>Review: go through the images one by one, correct the masks and accept them into an output folder.</source>
        <translation>Tinjau: periksa gambar satu per satu, koreksi maskernya, lalu terima ke folder keluaran.</translation>
    </message>
    <message>
        <source>Folder Dropped</source>
        <translation>Folder Diletakkan</translation>
    </message>
    <message>
        <source>“{0}” is a folder with {1} images directly in it. What would you like to do?</source>
        <translation>“{0}” adalah folder berisi {1} gambar langsung di dalamnya. Apa yang ingin Anda lakukan?</translation>
    </message>
</context>
<context>
    <name>FolderPathDialog</name>
    <message>
        <source>Open Folder</source>
        <translation>Buka Folder</translation>
    </message>
    <message>
        <source>SegDesk could not start a file manager on this computer. The folder is here; copy the path to open it yourself:</source>
        <translation>SegDesk tidak dapat menjalankan pengelola berkas di komputer ini. Foldernya ada di sini; salin jalurnya untuk membukanya sendiri:</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>Salin Jalur</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Disalin</translation>
    </message>
</context>
<context>
    <name>FrameBar</name>
    <message>
        <source>Frames</source>
        <translation>Bingkai</translation>
    </message>
    <message>
        <source>frame {0} / {1}</source>
        <translation>bingkai {0} / {1}</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Open an image (Ctrl+O) or drop one here.
No image at hand? Try File › Open Sample for example frames.</source>
        <translation>Buka gambar (Ctrl+O) atau seret gambar ke sini.
Tidak ada gambar? Coba Berkas › Buka Contoh untuk gambar contoh.</translation>
    </message>
</context>
<context>
    <name>ImportModelDialog</name>
    <message>
        <source>Detect automatically</source>
        <translation>Deteksi otomatis</translation>
    </message>
    <message>
        <source>Import Model</source>
        <translation>Impor Model</translation>
    </message>
    <message>
        <source>model.pth, model.pt or model.safetensors</source>
        <translation>model.pth, model.pt, atau model.safetensors</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>huruf, angka, &apos;.&apos;, &apos;_&apos;, atau &apos;-&apos;</translation>
    </message>
    <message>
        <source>detect automatically (e.g. resnet34)</source>
        <translation>deteksi otomatis (mis. resnet34)</translation>
    </message>
    <message>
        <source>Replace the existing user model of this name</source>
        <translation>Ganti model pengguna yang sudah ada dengan nama ini</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arsitektur</translation>
    </message>
    <message>
        <source>Encoder</source>
        <translation>Enkoder</translation>
    </message>
    <message>
        <source>Each image is prepared the way the training notebook prepared its validation images (its “validation transform”): resized to 256 × 256 pixels and its colours scaled with the usual ImageNet averages. SegDesk stores this recipe with the model, so every image is always prepared the same way. Importing takes a few seconds; your checkpoint file is not changed.</source>
        <translation>Setiap gambar disiapkan dengan cara yang sama seperti notebook pelatihan menyiapkan gambar validasinya (“transformasi validasi”): diubah ukurannya menjadi 256 × 256 piksel dan warnanya diskalakan dengan rerata ImageNet yang lazim. SegDesk menyimpan resep ini bersama model, sehingga setiap gambar selalu disiapkan dengan cara yang sama. Impor memerlukan beberapa detik; berkas checkpoint Anda tidak diubah.</translation>
    </message>
    <message>
        <source>Choose a checkpoint file.</source>
        <translation>Pilih berkas checkpoint.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a file.</source>
        <translation>&apos;{0}&apos; bukan berkas.</translation>
    </message>
    <message>
        <source>The name may use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Nama boleh berisi huruf, angka, &apos;.&apos;, &apos;_&apos;, dan &apos;-&apos; (paling banyak 64).</translation>
    </message>
    <message>
        <source>A model bundled with SegDesk is called &apos;{0}&apos;: choose another name.</source>
        <translation>Model bawaan SegDesk bernama &apos;{0}&apos;: pilih nama lain.</translation>
    </message>
    <message>
        <source>You already have a model called &apos;{0}&apos;: choose another name, or tick Replace.</source>
        <translation>Anda sudah memiliki model bernama &apos;{0}&apos;: pilih nama lain, atau centang Ganti.</translation>
    </message>
    <message>
        <source>Could not import: {0}</source>
        <translation>Tidak dapat mengimpor: {0}</translation>
    </message>
    <message>
        <source>Importing… this takes a few seconds.</source>
        <translation>Mengimpor… ini memerlukan beberapa detik.</translation>
    </message>
    <message>
        <source>Choose a checkpoint</source>
        <translation>Pilih checkpoint</translation>
    </message>
    <message>
        <source>Checkpoints (*.pth *.pt *.safetensors *.bin);;All files (*)</source>
        <translation>Checkpoint (*.pth *.pt *.safetensors *.bin);;Semua berkas (*)</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>SegDesk will use the new language the next time it starts.</source>
        <translation>SegDesk akan memakai bahasa baru saat dijalankan lagi.</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Bawaan Sistem</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Images ({0});;All files (*)</source>
        <translation>Gambar ({0});;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Segment on open</source>
        <translation>Segmentasikan saat dibuka</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>Kontrol</translation>
    </message>
    <message>
        <source>Correct Mask</source>
        <translation>Koreksi Masker</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Tinjauan</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Buka Gambar</translation>
    </message>
    <message>
        <source>Press Enter again to accept the mask.</source>
        <translation>Tekan Enter sekali lagi untuk menerima masker.</translation>
    </message>
</context>
<context>
    <name>MaskEditor</name>
    <message>
        <source>Brush stroke</source>
        <translation>Goresan kuas</translation>
    </message>
    <message>
        <source>Eraser stroke</source>
        <translation>Goresan penghapus</translation>
    </message>
    <message>
        <source>Delete region</source>
        <translation>Hapus daerah</translation>
    </message>
    <message>
        <source>Fill holes</source>
        <translation>Isi lubang</translation>
    </message>
    <message>
        <source>Reset to model mask</source>
        <translation>Kembalikan ke masker model</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Lapisan</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Model</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ba&amp;ntuan</translation>
    </message>
</context>
<context>
    <name>ModelController</name>
    <message>
        <source>Some model packages cannot be used</source>
        <translation>Beberapa paket model tidak dapat digunakan</translation>
    </message>
    <message>
        <source>No model installed</source>
        <translation>Belum ada model terpasang</translation>
    </message>
    <message>
        <source>No model package was found. Import a trained checkpoint with File › Import Model….</source>
        <translation>Paket model tidak ditemukan. Impor checkpoint yang sudah dilatih melalui Berkas › Impor Model….</translation>
    </message>
    <message>
        <source>Self-test</source>
        <translation>Uji mandiri</translation>
    </message>
    <message>
        <source>No model is loaded yet.</source>
        <translation>Belum ada model yang dimuat.</translation>
    </message>
    <message>
        <source>Cannot remove the model</source>
        <translation>Tidak dapat menghapus model</translation>
    </message>
    <message>
        <source>Device not available</source>
        <translation>Perangkat tidak tersedia</translation>
    </message>
    <message>
        <source>{reason}; &apos;{model}&apos; runs on {device} instead.</source>
        <translation>{reason}; &apos;{model}&apos; dijalankan di {device} sebagai gantinya.</translation>
    </message>
    <message>
        <source>Model imported</source>
        <translation>Model diimpor</translation>
    </message>
    <message>
        <source>The model was imported to &apos;{0}&apos;.</source>
        <translation>Model diimpor ke &apos;{0}&apos;.</translation>
    </message>
    <message>
        <source>Cannot load the model</source>
        <translation>Tidak dapat memuat model</translation>
    </message>
    <message>
        <source>Self-test failed to run</source>
        <translation>Uji mandiri gagal dijalankan</translation>
    </message>
    <message>
        <source>Cannot import the model</source>
        <translation>Tidak dapat mengimpor model</translation>
    </message>
    <message>
        <source>Cannot list compute devices</source>
        <translation>Tidak dapat menampilkan daftar perangkat komputasi</translation>
    </message>
</context>
<context>
    <name>ModelInfo</name>
    <message>
        <source>Training data made by</source>
        <translation>Data pelatihan dibuat oleh</translation>
    </message>
    <message>
        <source>Training seed</source>
        <translation>Benih acak pelatihan</translation>
    </message>
    <message>
        <source>Validation seed</source>
        <translation>Benih acak validasi</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Benih acak</translation>
    </message>
    <message>
        <source>Training steps</source>
        <translation>Langkah pelatihan</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epoch</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Ukuran batch</translation>
    </message>
    <message>
        <source>Images seen in training</source>
        <translation>Gambar yang dilihat saat pelatihan</translation>
    </message>
    <message>
        <source>Training time (minutes)</source>
        <translation>Waktu pelatihan (menit)</translation>
    </message>
    <message>
        <source>Median step time (seconds)</source>
        <translation>Median waktu per langkah (detik)</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Pengoptimal</translation>
    </message>
    <message>
        <source>Loss function</source>
        <translation>Fungsi loss</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>Augmentasi</translation>
    </message>
    <message>
        <source>Encoder pre-trained weights</source>
        <translation>Bobot praterlatih enkoder</translation>
    </message>
    <message>
        <source>Encoder initialisation</source>
        <translation>Inisialisasi enkoder</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>Pelatihan selesai</translation>
    </message>
    <message>
        <source>PyTorch version</source>
        <translation>Versi PyTorch</translation>
    </message>
    <message>
        <source>segmentation-models-pytorch version</source>
        <translation>Versi segmentation-models-pytorch</translation>
    </message>
    <message>
        <source>albumentations version</source>
        <translation>Versi albumentations</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validasi</translation>
    </message>
    <message>
        <source>Held-out test</source>
        <translation>Uji data terpisah</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Gambar</translation>
    </message>
    <message>
        <source>Images scored</source>
        <translation>Gambar yang dinilai</translation>
    </message>
    <message>
        <source>Images that failed</source>
        <translation>Gambar yang gagal</translation>
    </message>
    <message>
        <source>Scored at</source>
        <translation>Dinilai pada</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Perintah</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <source>Dice, all pixels pooled</source>
        <translation>Dice, semua piksel digabung</translation>
    </message>
    <message>
        <source>IoU, all pixels pooled</source>
        <translation>IoU, semua piksel digabung</translation>
    </message>
    <message>
        <source>Dice on images with a lesion</source>
        <translation>Dice pada gambar dengan lesi</translation>
    </message>
    <message>
        <source>Images without a lesion</source>
        <translation>Gambar tanpa lesi</translation>
    </message>
    <message>
        <source>Images without a lesion where the model found one</source>
        <translation>Gambar tanpa lesi yang menurut model berisi lesi</translation>
    </message>
    <message>
        <source>Batch time (seconds)</source>
        <translation>Waktu batch (detik)</translation>
    </message>
    <message>
        <source>Evaluated</source>
        <translation>Dievaluasi</translation>
    </message>
    <message>
        <source>Validation Dice</source>
        <translation>Dice validasi</translation>
    </message>
    <message>
        <source>Validation IoU</source>
        <translation>IoU validasi</translation>
    </message>
    <message>
        <source>original image size (SegDesk batch export)</source>
        <translation>ukuran gambar asli (ekspor segmentasi massal SegDesk)</translation>
    </message>
    <message>
        <source>{0}×{1} (model)</source>
        <translation>{0}×{1} (model)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Description (the author&apos;s)</source>
        <translation>Deskripsi (kata-kata pembuat model)</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arsitektur</translation>
    </message>
    <message>
        <source>Encoder</source>
        <translation>Enkoder</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>Ukuran masukan</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <source>{0} (mask = probability &gt; threshold)</source>
        <translation>{0} (masker = probabilitas &gt; ambang batas)</translation>
    </message>
    <message>
        <source>Image preparation</source>
        <translation>Penyiapan gambar</translation>
    </message>
    <message>
        <source>Image loader</source>
        <translation>Pemuat gambar</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Weights sha256</source>
        <translation>sha256 bobot</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Terpasang</translation>
    </message>
    <message>
        <source>bundled with SegDesk</source>
        <translation>bawaan SegDesk</translation>
    </message>
    <message>
        <source>user model</source>
        <translation>model pengguna</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Pelatihan</translation>
    </message>
    <message>
        <source>Self-test: not run on this device yet.</source>
        <translation>Uji mandiri: belum dijalankan di perangkat ini.</translation>
    </message>
    <message>
        <source>exactly</source>
        <translation>secara persis</translation>
    </message>
    <message>
        <source>within tolerance ({0} mismatched pixels per million)</source>
        <translation>dalam batas toleransi ({0} piksel tidak cocok per sejuta)</translation>
    </message>
    <message>
        <source>PASS: SegDesk reproduces this model&apos;s reference outputs {0} ({1} reference images). This proves the app runs the model as it was trained; it does not say how accurate the model&apos;s masks are.</source>
        <translation>LULUS: SegDesk mereproduksi keluaran rujukan model ini {0} ({1} gambar rujukan). Ini membuktikan aplikasi menjalankan model sebagaimana dilatih; ini tidak menunjukkan seberapa akurat masker model.</translation>
    </message>
    <message>
        <source>FAIL: SegDesk does not reproduce this model&apos;s reference outputs on this device ({0} mismatched pixels per million, tolerance {1}). Masks from this device may differ from the training notebook&apos;s.</source>
        <translation>GAGAL: SegDesk tidak mereproduksi keluaran rujukan model ini di perangkat ini ({0} piksel tidak cocok per sejuta, toleransi {1}). Masker dari perangkat ini mungkin berbeda dari hasil notebook pelatihan.</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <source>Model — {0}</source>
        <translation>Model — {0}</translation>
    </message>
    <message>
        <source>Run self-test</source>
        <translation>Jalankan uji mandiri</translation>
    </message>
    <message>
        <source>Re-run the package&apos;s reference cases on the current device and compare</source>
        <translation>Jalankan ulang kasus rujukan paket di perangkat saat ini lalu bandingkan</translation>
    </message>
    <message>
        <source>Self-test: available once this model is loaded.</source>
        <translation>Uji mandiri: tersedia setelah model ini dimuat.</translation>
    </message>
    <message>
        <source>{result}
(device: {device})</source>
        <translation>{result}
(perangkat: {device})</translation>
    </message>
    <message>
        <source>Self-test running on the worker…</source>
        <translation>Uji mandiri sedang berjalan di latar belakang…</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>{0}  (user)</source>
        <translation>{0}  (pengguna)</translation>
    </message>
    <message>
        <source>any size</source>
        <translation>ukuran bebas</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>bawaan</translation>
    </message>
    <message>
        <source>user model</source>
        <translation>model pengguna</translation>
    </message>
    <message>
        <source>The model package used to segment</source>
        <translation>Paket model yang dipakai untuk segmentasi</translation>
    </message>
    <message>
        <source>Info…</source>
        <translation>Info…</translation>
    </message>
    <message>
        <source>Manifest, training facts and self-test of this model</source>
        <translation>Manifes, data pelatihan, dan uji mandiri model ini</translation>
    </message>
    <message>
        <source>No model installed</source>
        <translation>Belum ada model terpasang</translation>
    </message>
</context>
<context>
    <name>ModelRemoval</name>
    <message>
        <source>Remove Model</source>
        <translation>Hapus Model</translation>
    </message>
    <message>
        <source>Remove the model &apos;{0}&apos;?

Its folder is deleted:
{1}

This cannot be undone. The checkpoint you imported it from is not touched.</source>
        <translation>Hapus model &apos;{0}&apos;?

Foldernya akan dihapus:
{1}

Tindakan ini tidak dapat diurungkan. Checkpoint asal impor model ini tidak diubah.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; comes with SegDesk and cannot be removed. Only models you imported can be removed.</source>
        <translation>&apos;{0}&apos; adalah bawaan SegDesk dan tidak dapat dihapus. Hanya model yang Anda impor yang dapat dihapus.</translation>
    </message>
</context>
<context>
    <name>OutputKind</name>
    <message>
        <source>Mask (8-bit PNG, 0/255)</source>
        <translation>Masker (PNG 8-bit, 0/255)</translation>
    </message>
    <message>
        <source>Overlay (RGB PNG)</source>
        <translation>Lapisan (PNG RGB)</translation>
    </message>
    <message>
        <source>Probability (16-bit PNG)</source>
        <translation>Probabilitas (PNG 16-bit)</translation>
    </message>
</context>
<context>
    <name>OverlayControls</name>
    <message>
        <source>Show overlay</source>
        <translation>Tampilkan lapisan</translation>
    </message>
    <message>
        <source>Show or hide the overlay (Space)</source>
        <translation>Tampilkan atau sembunyikan lapisan (Spasi)</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>Warna…</translation>
    </message>
    <message>
        <source>Colour of the mask and outline</source>
        <translation>Warna masker dan garis tepi</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Warna</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opasitas</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <source>Overlay colour</source>
        <translation>Warna lapisan</translation>
    </message>
</context>
<context>
    <name>OverlayMode</name>
    <message>
        <source>Filled mask</source>
        <translation>Masker terisi</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>Garis tepi</translation>
    </message>
    <message>
        <source>Probability heat-map</source>
        <translation>Peta panas probabilitas</translation>
    </message>
</context>
<context>
    <name>RecentFilesMenu</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Buka Berkas &amp;Terbaru</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Kosongkan Daftar</translation>
    </message>
</context>
<context>
    <name>RegionList</name>
    <message>
        <source>Click a region to centre the view on it.</source>
        <translation>Klik sebuah daerah untuk memusatkan tampilan padanya.</translation>
    </message>
    <message>
        <source>#{number}  {pixels} px  ({percent} %)</source>
        <translation>#{number}  {pixels} px  ({percent} %)</translation>
    </message>
    <message>
        <source>, {0} mm²</source>
        <translation>, {0} mm²</translation>
    </message>
    <message>
        <source>… and {count} smaller regions</source>
        <translation>… dan {count} daerah yang lebih kecil</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Foreground</source>
        <translation>Latar depan</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Daerah</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <source>Ran on</source>
        <translation>Dijalankan di</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Luas</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>Masker</translation>
    </message>
    <message>
        <source>{pixels} px ({percent} %)</source>
        <translation>{pixels} px ({percent} %)</translation>
    </message>
    <message>
        <source>&lt;b&gt;{value}&lt;/b&gt; (override; model: {model})</source>
        <translation>&lt;b&gt;{value}&lt;/b&gt; (diganti; model: {model})</translation>
    </message>
    <message>
        <source>{0} (model)</source>
        <translation>{0} (model)</translation>
    </message>
    <message>
        <source>{device} — fallback: {reason}</source>
        <translation>{device} — dialihkan: {reason}</translation>
    </message>
    <message>
        <source>{device} — remembered from your last session: an approximate engine; pick CPU (exact) in the device list for the exact mask</source>
        <translation>{device} — diingat dari sesi terakhir Anda: mesin perkiraan; pilih CPU (eksak) di daftar perangkat untuk masker eksak</translation>
    </message>
    <message>
        <source>{total} ms (network {network} ms)</source>
        <translation>{total} ms (jaringan saraf {network} ms)</translation>
    </message>
    <message>
        <source>{0} mm²</source>
        <translation>{0} mm²</translation>
    </message>
    <message>
        <source>Grey image given to a colour model: this mask may be unreliable.</source>
        <translation>Gambar abu-abu diberikan ke model untuk gambar berwarna: masker ini mungkin tidak andal.</translation>
    </message>
    <message>
        <source>Tiny image ({0} px): far smaller than the model&apos;s input, so this mask may be unreliable.</source>
        <translation>Gambar sangat kecil ({0} px): jauh lebih kecil dari masukan model, jadi masker ini mungkin tidak andal.</translation>
    </message>
</context>
<context>
    <name>ResultsWindow</name>
    <message>
        <source>Evaluation — {0}</source>
        <translation>Evaluasi — {0}</translation>
    </message>
    <message>
        <source>The run was cancelled: the results cover only the images done before.</source>
        <translation>Proses dibatalkan: hasil hanya mencakup gambar yang sudah selesai sebelumnya.</translation>
    </message>
    <message>
        <source>Click a column to sort; double-click a row to see the image with its ground truth and each model&apos;s TP / FP / FN.</source>
        <translation>Klik kolom untuk mengurutkan; klik ganda baris untuk melihat gambar beserta acuannya dan TP / FP / FN tiap model.</translation>
    </message>
    <message>
        <source>Open Report</source>
        <translation>Buka Laporan</translation>
    </message>
    <message>
        <source>Open Output Folder</source>
        <translation>Buka Folder Keluaran</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>The report is in English.</source>
        <translation>Laporan ini dalam bahasa Inggris.</translation>
    </message>
    <message>
        <source>{0} image(s), {1} model(s); {2} result(s) failed (see the Problem column). Files in {3}</source>
        <translation>{0} gambar, {1} model; {2} hasil gagal (lihat kolom Masalah). Berkas di {3}</translation>
    </message>
    <message>
        <source>{0} image(s), {1} model(s). Files in {2}</source>
        <translation>{0} gambar, {1} model. Berkas di {2}</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Dice
{0}</source>
        <translation>Dice
{0}</translation>
    </message>
    <message>
        <source>Dice difference
A − B</source>
        <translation>Selisih Dice
A − B</translation>
    </message>
    <message>
        <source>IoU
{0}</source>
        <translation>IoU
{0}</translation>
    </message>
    <message>
        <source>Dice at model resolution
{0}</source>
        <translation>Dice pada resolusi model
{0}</translation>
    </message>
    <message>
        <source>Ground-truth
pixels</source>
        <translation>Piksel
acuan</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <source>Dice of {0} minus Dice of {1}</source>
        <translation>Dice {0} dikurangi Dice {1}</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>tidak dijalankan</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Gambar</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <source>Mean Dice (95 % CI)</source>
        <translation>Rerata Dice (IK 95 %)</translation>
    </message>
    <message>
        <source>Mean IoU</source>
        <translation>Rerata IoU</translation>
    </message>
    <message>
        <source>Pooled Dice</source>
        <translation>Dice gabungan</translation>
    </message>
    <message>
        <source>Mean Dice at model resolution</source>
        <translation>Rerata Dice pada resolusi model</translation>
    </message>
    <message>
        <source>Recorded at training</source>
        <translation>Tercatat saat pelatihan</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Selisih</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>tidak tercatat</translation>
    </message>
    <message>
        <source>✓: the recorded value lies inside the 95 % interval of the measured mean (reproduced within sampling error).</source>
        <translation>✓: nilai yang tercatat berada di dalam interval 95 % dari rerata terukur (tereproduksi dalam batas galat sampel).</translation>
    </message>
    <message>
        <source>Each model at its own threshold (from its training); the main window&apos;s threshold override does not apply.</source>
        <translation>Tiap model memakai ambang batasnya sendiri (dari pelatihannya); penggantian ambang batas di jendela utama tidak berlaku.</translation>
    </message>
    <message>
        <source>Paired comparison (same images)</source>
        <translation>Perbandingan berpasangan (gambar yang sama)</translation>
    </message>
    <message>
        <source>Recorded at training vs measured here</source>
        <translation>Tercatat saat pelatihan vs terukur di sini</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message>
        <source>Cannot start the review</source>
        <translation>Tidak dapat memulai tinjauan</translation>
    </message>
    <message>
        <source>There are no images in &apos;%1&apos;.</source>
        <translation>Tidak ada gambar di &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Every image in this folder is already accepted.</source>
        <translation>Semua gambar di folder ini sudah diterima.</translation>
    </message>
    <message>
        <source>The discarded corrections&apos; draft could not be removed: %1</source>
        <translation>Draf koreksi yang dibuang tidak dapat dihapus: %1</translation>
    </message>
    <message>
        <source>This is the last image.</source>
        <translation>Ini gambar terakhir.</translation>
    </message>
    <message>
        <source>This is the first image.</source>
        <translation>Ini gambar pertama.</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>Model masih dimuat.</translation>
    </message>
    <message>
        <source>This image could not be read; it cannot be accepted.</source>
        <translation>Gambar ini tidak dapat dibaca; gambar ini tidak dapat diterima.</translation>
    </message>
    <message>
        <source>The mask is not ready yet.</source>
        <translation>Masker belum siap.</translation>
    </message>
    <message>
        <source>Cannot write the accepted mask</source>
        <translation>Tidak dapat menulis masker yang diterima</translation>
    </message>
    <message>
        <source>The mask for &apos;%1&apos; could not be written: %2</source>
        <translation>Masker untuk &apos;%1&apos; tidak dapat ditulis: %2</translation>
    </message>
    <message>
        <source>Accepted %1 (%2 of %3 done).</source>
        <translation>%1 diterima (%2 dari %3 selesai).</translation>
    </message>
    <message>
        <source>All %1 images are accepted. The masks are in %2.</source>
        <translation>Semua %1 gambar sudah diterima. Maskernya ada di %2.</translation>
    </message>
    <message>
        <source>Review mode ended; File › Review Folder… continues the review.</source>
        <translation>Mode tinjauan berakhir; Berkas › Tinjau Folder… melanjutkan tinjauan.</translation>
    </message>
    <message>
        <source>Corrections could not be saved as a draft: %1</source>
        <translation>Koreksi tidak dapat disimpan sebagai draf: %1</translation>
    </message>
</context>
<context>
    <name>ReviewFolderDialog</name>
    <message>
        <source>Review Folder</source>
        <translation>Tinjau Folder</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Include subfolders</source>
        <translation>Sertakan subfolder</translation>
    </message>
    <message>
        <source>Start Review</source>
        <translation>Mulai Tinjauan</translation>
    </message>
    <message>
        <source>The model&apos;s own threshold.</source>
        <translation>Ambang batas milik model.</translation>
    </message>
    <message>
        <source>%1 (the override set in the Threshold panel).</source>
        <translation>%1 (ambang batas pengganti yang diatur di panel Ambang batas).</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Gambar</translation>
    </message>
    <message>
        <source>Accepted masks</source>
        <translation>Masker yang diterima</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <source>Masks already in the output folder (from a batch or an earlier review) are the starting masks. Accepting writes &lt;stem&gt;_mask.png, &lt;stem&gt;_provenance.json and a row in review.csv. Your images are never changed.</source>
        <translation>Masker yang sudah ada di folder keluaran (dari segmentasi massal atau tinjauan sebelumnya) menjadi masker awal. Menerima masker menulis &lt;stem&gt;_mask.png, &lt;stem&gt;_provenance.json, dan satu baris di review.csv. Gambar Anda tidak pernah diubah.</translation>
    </message>
    <message>
        <source>Choose the folder of images to review.</source>
        <translation>Pilih folder berisi gambar yang akan ditinjau.</translation>
    </message>
    <message>
        <source>Input folder &apos;%1&apos; does not exist.</source>
        <translation>Folder masukan &apos;%1&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Choose where to write the accepted masks.</source>
        <translation>Pilih tempat untuk menulis masker yang diterima.</translation>
    </message>
    <message>
        <source>Folder of images to review</source>
        <translation>Folder gambar yang akan ditinjau</translation>
    </message>
    <message>
        <source>Folder for accepted masks</source>
        <translation>Folder untuk masker yang diterima</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>to do</source>
        <translation>menunggu</translation>
    </message>
    <message>
        <source>segmented</source>
        <translation>disegmentasi</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>disunting</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>diterima</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>%v of %m accepted</source>
        <translation>%v dari %m diterima</translation>
    </message>
    <message>
        <source>Accept and Next (Enter)</source>
        <translation>Terima dan Lanjut (Enter)</translation>
    </message>
    <message>
        <source>Previous (PgUp)</source>
        <translation>Sebelumnya (PgUp)</translation>
    </message>
    <message>
        <source>Next (PgDown)</source>
        <translation>Berikutnya (PgDown)</translation>
    </message>
    <message>
        <source>End Review</source>
        <translation>Akhiri Tinjauan</translation>
    </message>
    <message>
        <source>B brush · E eraser · [ ] size · Ctrl+Z undo · Ctrl+Shift+Z redo · R model&apos;s mask · Enter accept · PgDown/PgUp next/previous</source>
        <translation>B kuas · E penghapus · [ ] ukuran · Ctrl+Z urungkan · Ctrl+Shift+Z ulangi · R masker model · Enter terima · PgDown/PgUp berikutnya/sebelumnya</translation>
    </message>
    <message>
        <source>Reviewing %1
Accepted masks go to %2</source>
        <translation>Meninjau %1
Masker yang diterima disimpan di %2</translation>
    </message>
</context>
<context>
    <name>ReviewPresenter</name>
    <message>
        <source>Segmenting…</source>
        <translation>Menyegmentasi…</translation>
    </message>
    <message>
        <source>an unknown model</source>
        <translation>model yang tidak diketahui</translation>
    </message>
    <message>
        <source>%1 (sha256 %2…)</source>
        <translation>%1 (sha256 %2…)</translation>
    </message>
    <message>
        <source>Starting mask: %1 from an earlier %2, made by %3.</source>
        <translation>Masker awal: %1 dari %2 sebelumnya, dibuat oleh %3.</translation>
    </message>
    <message>
        <source>review</source>
        <translation>tinjauan</translation>
    </message>
    <message>
        <source>export</source>
        <translation>ekspor</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>segmentasi massal</translation>
    </message>
    <message>
        <source>run</source>
        <translation>proses</translation>
    </message>
    <message>
        <source>Starting mask: model %1 on %2.</source>
        <translation>Masker awal: model %1 di %2.</translation>
    </message>
    <message>
        <source>Threshold in use: %1 (the model&apos;s)</source>
        <translation>Ambang batas yang dipakai: %1 (milik model)</translation>
    </message>
    <message>
        <source>Threshold in use: %1 (override; the model&apos;s is %2)</source>
        <translation>Ambang batas yang dipakai: %1 (diganti; milik model %2)</translation>
    </message>
</context>
<context>
    <name>SampleMenu</name>
    <message>
        <source>Open &amp;Sample</source>
        <translation>Buka &amp;Contoh</translation>
    </message>
</context>
<context>
    <name>SegmentWorker</name>
    <message>
        <source>No model is loaded yet: choose a model in the Model panel.</source>
        <translation>Belum ada model yang dimuat: pilih model di panel Model.</translation>
    </message>
    <message>
        <source>SegDesk could not finish this ({task}) because of an unexpected internal problem.

The details were written to SegDesk&apos;s log file (Help › Open Log Folder).</source>
        <translation>SegDesk tidak dapat menyelesaikan tugas ini ({task}) karena masalah internal yang tidak terduga.

Rinciannya ditulis ke berkas log SegDesk (Bantuan › Buka Folder Log).</translation>
    </message>
</context>
<context>
    <name>SourcePanel</name>
    <message>
        <source>Image</source>
        <translation>Gambar</translation>
    </message>
    <message>
        <source>Grey image: the model was trained on colour images, so its mask may be unreliable.</source>
        <translation>Gambar abu-abu: model dilatih dengan gambar berwarna, jadi maskernya mungkin tidak andal.</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalitas</translation>
    </message>
    <message>
        <source>Frame</source>
        <translation>Bingkai</translation>
    </message>
    <message>
        <source>Acquired</source>
        <translation>Diakuisisi</translation>
    </message>
    <message>
        <source>Pixel size</source>
        <translation>Ukuran piksel</translation>
    </message>
    <message>
        <source>{modality} ({transfer_syntax})</source>
        <translation>{modality} ({transfer_syntax})</translation>
    </message>
    <message>
        <source>frame {0} / {1}</source>
        <translation>bingkai {0} / {1}</translation>
    </message>
    <message>
        <source>{rows} × {columns} mm ({source})</source>
        <translation>{rows} × {columns} mm ({source})</translation>
    </message>
    <message>
        <source>ultrasound region</source>
        <translation>wilayah ultrasonografi</translation>
    </message>
    <message>
        <source>single frame</source>
        <translation>satu bingkai</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>tidak dicantumkan</translation>
    </message>
    <message>
        <source>not given (areas in pixels only)</source>
        <translation>tidak dicantumkan (luas hanya dalam piksel)</translation>
    </message>
</context>
<context>
    <name>StartingResult</name>
    <message>
        <source>{0} (earlier run, mask read from {1})</source>
        <translation>{0} (proses sebelumnya, masker dibaca dari {1})</translation>
    </message>
    <message>
        <source>unknown device</source>
        <translation>perangkat tidak diketahui</translation>
    </message>
    <message>
        <source>The starting mask was read from {0}.</source>
        <translation>Masker awal dibaca dari {0}.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Batch running…</source>
        <translation>Segmentasi massal berjalan…</translation>
    </message>
    <message>
        <source>Segmenting…</source>
        <translation>Menyegmentasi…</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>Memuat model…</translation>
    </message>
    <message>
        <source>Running self-test…</source>
        <translation>Menjalankan uji mandiri…</translation>
    </message>
    <message>
        <source>Importing model…</source>
        <translation>Mengimpor model…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Mengekspor…</translation>
    </message>
    <message>
        <source>Detecting devices…</source>
        <translation>Mendeteksi perangkat…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Stop waiting for this segmentation (Esc)</source>
        <translation>Berhenti menunggu segmentasi ini (Esc)</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Belum ada model dimuat</translation>
    </message>
    <message>
        <source>Ran on {0}</source>
        <translation>Dijalankan di {0}</translation>
    </message>
    <message>
        <source>{model} on {device}</source>
        <translation>{model} di {device}</translation>
    </message>
    <message>
        <source>{text}, remembered from your last session</source>
        <translation>{text}, diingat dari sesi terakhir Anda</translation>
    </message>
    <message>
        <source>{text} (fallback: {reason})</source>
        <translation>{text} (dialihkan: {reason})</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Image {0} of {1} in this folder (PgUp / PgDown)</source>
        <translation>Gambar {0} dari {1} di folder ini (PgUp / PgDown)</translation>
    </message>
    <message>
        <source>Zoom {0} %</source>
        <translation>Zum {0} %</translation>
    </message>
</context>
<context>
    <name>ThresholdControls</name>
    <message>
        <source>Model threshold: —</source>
        <translation>Ambang batas model: —</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Ganti</translation>
    </message>
    <message>
        <source>Cut the probabilities at another threshold (no re-inference)</source>
        <translation>Potong probabilitas pada ambang batas lain (tanpa inferensi ulang)</translation>
    </message>
    <message>
        <source>The mask is probability &gt; threshold, as in training.</source>
        <translation>Masker = probabilitas &gt; ambang batas, sama seperti saat pelatihan.</translation>
    </message>
    <message>
        <source>Model threshold: &lt;b&gt;{0}&lt;/b&gt; (from training)</source>
        <translation>Ambang batas model: &lt;b&gt;{0}&lt;/b&gt; (dari pelatihan)</translation>
    </message>
    <message>
        <source>Threshold overridden: {0} instead of {1}. Recorded in every export.</source>
        <translation>Ambang batas diganti: {0}, bukan {1}. Dicatat di setiap ekspor.</translation>
    </message>
    <message>
        <source>Threshold overridden: {0} instead of the model&apos;s. Recorded in every export.</source>
        <translation>Ambang batas diganti: {0}, bukan ambang batas model. Dicatat di setiap ekspor.</translation>
    </message>
</context>
<context>
    <name>ThresholdGuard</name>
    <message>
        <source>The mask has been corrected by hand ({added} pixels added, {removed} removed). A new threshold replaces it with the model&apos;s mask at that threshold and discards the corrections.</source>
        <translation>Masker telah dikoreksi secara manual ({added} piksel ditambahkan, {removed} dihapus). Ambang batas baru menggantinya dengan masker model pada ambang batas itu dan membuang koreksinya.</translation>
    </message>
    <message>
        <source>Opening another image discards them.</source>
        <translation>Membuka gambar lain akan membuang koreksi itu.</translation>
    </message>
    <message>
        <source>Segmenting again replaces the mask and discards them.</source>
        <translation>Segmentasi ulang mengganti masker dan membuang koreksi itu.</translation>
    </message>
    <message>
        <source>Another model or device replaces the mask and discards them.</source>
        <translation>Model atau perangkat lain mengganti masker dan membuang koreksi itu.</translation>
    </message>
    <message>
        <source>Closing SegDesk discards them.</source>
        <translation>Menutup SegDesk akan membuang koreksi itu.</translation>
    </message>
    <message>
        <source>Ending the review discards them.</source>
        <translation>Mengakhiri tinjauan akan membuang koreksi itu.</translation>
    </message>
    <message>
        <source>The mask has been corrected by hand ({added} pixels added, {removed} removed) and the corrections have not been exported or accepted.</source>
        <translation>Masker telah dikoreksi secara manual ({added} piksel ditambahkan, {removed} dihapus) dan koreksinya belum diekspor atau diterima.</translation>
    </message>
    <message>
        <source>Discard corrections?</source>
        <translation>Buang koreksi?</translation>
    </message>
</context>
<context>
    <name>TrainingPlot</name>
    <message>
        <source>training</source>
        <translation>pelatihan</translation>
    </message>
    <message>
        <source>held-out</source>
        <translation>uji terpisah</translation>
    </message>
    <message>
        <source>original site</source>
        <translation>situs asal</translation>
    </message>
    <message>
        <source>Training loss and held-out Dice per epoch</source>
        <translation>Loss pelatihan dan Dice uji terpisah per epoch</translation>
    </message>
    <message>
        <source>Epoch {0}: training loss {1}, held-out loss {2}, held-out Dice {3}</source>
        <translation>Epoch {0}: loss pelatihan {1}, loss uji terpisah {2}, Dice uji terpisah {3}</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>epoch</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Buka…</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>Buka gambar</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>Gambar &amp;Sebelumnya</translation>
    </message>
    <message>
        <source>Previous image in this folder</source>
        <translation>Gambar sebelumnya di folder ini</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>Gambar Be&amp;rikutnya</translation>
    </message>
    <message>
        <source>Next image in this folder</source>
        <translation>Gambar berikutnya di folder ini</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Ekspor…</translation>
    </message>
    <message>
        <source>Save mask, overlay and probability</source>
        <translation>Simpan masker, lapisan, dan probabilitas</translation>
    </message>
    <message>
        <source>&amp;Copy Overlay</source>
        <translation>Sa&amp;lin Lapisan</translation>
    </message>
    <message>
        <source>Copy the overlay image</source>
        <translation>Salin gambar lapisan</translation>
    </message>
    <message>
        <source>&amp;Batch Segment Folder…</source>
        <translation>Segmentasi &amp;Massal Folder…</translation>
    </message>
    <message>
        <source>Segment every image in a folder</source>
        <translation>Segmentasikan setiap gambar dalam satu folder</translation>
    </message>
    <message>
        <source>&amp;Import Model…</source>
        <translation>&amp;Impor Model…</translation>
    </message>
    <message>
        <source>Import a trained checkpoint</source>
        <translation>Impor checkpoint yang sudah dilatih</translation>
    </message>
    <message>
        <source>&amp;Remove Model…</source>
        <translation>&amp;Hapus Model…</translation>
    </message>
    <message>
        <source>Delete the chosen model if you imported it (asks first)</source>
        <translation>Hapus model yang dipilih jika Anda yang mengimpornya (meminta konfirmasi dahulu)</translation>
    </message>
    <message>
        <source>Re&amp;view Folder…</source>
        <translation>Tinjau &amp;Folder…</translation>
    </message>
    <message>
        <source>Review, correct and accept a folder&apos;s masks</source>
        <translation>Tinjau, koreksi, dan terima masker sebuah folder</translation>
    </message>
    <message>
        <source>&amp;Accept Mask and Next</source>
        <translation>Terima Masker dan Lan&amp;jut</translation>
    </message>
    <message>
        <source>Write this mask, go to the next image not accepted</source>
        <translation>Tulis masker ini, lalu ke gambar berikutnya yang belum diterima</translation>
    </message>
    <message>
        <source>En&amp;d Review</source>
        <translation>&amp;Akhiri Tinjauan</translation>
    </message>
    <message>
        <source>Leave review mode</source>
        <translation>Keluar dari mode tinjauan</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>Show &amp;Overlay</source>
        <translation>Tampilkan &amp;Lapisan</translation>
    </message>
    <message>
        <source>Show or hide the overlay</source>
        <translation>Tampilkan atau sembunyikan lapisan</translation>
    </message>
    <message>
        <source>Overlay &amp;Colour…</source>
        <translation>&amp;Warna Lapisan…</translation>
    </message>
    <message>
        <source>Colour of the mask and outline</source>
        <translation>Warna masker dan garis tepi</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Sesuaikan dengan Jendela</translation>
    </message>
    <message>
        <source>Show the whole image</source>
        <translation>Tampilkan seluruh gambar</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100 %)</source>
        <translation>&amp;Ukuran Asli (100 %)</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>Satu piksel gambar per piksel layar</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Perbesar</translation>
    </message>
    <message>
        <source>Zoom O&amp;ut</source>
        <translation>Perke&amp;cil</translation>
    </message>
    <message>
        <source>&amp;Segment</source>
        <translation>&amp;Segmentasikan</translation>
    </message>
    <message>
        <source>Segment the image with the chosen model</source>
        <translation>Segmentasikan gambar dengan model yang dipilih</translation>
    </message>
    <message>
        <source>&amp;Cancel Segmentation</source>
        <translation>&amp;Batalkan Segmentasi</translation>
    </message>
    <message>
        <source>Segment on &amp;Open</source>
        <translation>Segmentasikan saat &amp;Dibuka</translation>
    </message>
    <message>
        <source>Segment every image as soon as it is opened</source>
        <translation>Segmentasikan setiap gambar begitu dibuka</translation>
    </message>
    <message>
        <source>Check Against E&amp;xact</source>
        <translation>Periksa terhadap Mesin E&amp;ksak</translation>
    </message>
    <message>
        <source>Run the exact engine on this image and show where its mask differs</source>
        <translation>Jalankan mesin eksak pada gambar ini dan tunjukkan di mana maskernya berbeda</translation>
    </message>
    <message>
        <source>Model I&amp;nfo…</source>
        <translation>Informasi &amp;Model…</translation>
    </message>
    <message>
        <source>Manifest, training and self-test</source>
        <translation>Manifes, pelatihan, dan uji mandiri</translation>
    </message>
    <message>
        <source>Run Self-&amp;Test</source>
        <translation>Jalankan &amp;Uji Mandiri</translation>
    </message>
    <message>
        <source>Compare with the reference cases</source>
        <translation>Bandingkan dengan kasus rujukan</translation>
    </message>
    <message>
        <source>Co&amp;mpare Models…</source>
        <translation>Ba&amp;ndingkan Model…</translation>
    </message>
    <message>
        <source>Run two models on the open image</source>
        <translation>Jalankan dua model pada gambar yang terbuka</translation>
    </message>
    <message>
        <source>&amp;Evaluate Against Ground Truth…</source>
        <translation>E&amp;valuasi terhadap Acuan…</translation>
    </message>
    <message>
        <source>Score models on images with ground-truth masks</source>
        <translation>Nilai model pada gambar yang memiliki masker acuan</translation>
    </message>
    <message>
        <source>&amp;Fine-tune from Reviewed Folder…</source>
        <translation>Se&amp;tel Halus dari Folder Tinjauan…</translation>
    </message>
    <message>
        <source>Train a new model from the masks accepted in a review, proven on held-out images</source>
        <translation>Latih model baru dari masker yang diterima dalam tinjauan, dibuktikan pada gambar uji terpisah</translation>
    </message>
    <message>
        <source>&amp;About SegDesk</source>
        <translation>&amp;Tentang SegDesk</translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation>Buka Folder &amp;Log</translation>
    </message>
    <message>
        <source>Open &amp;Models Folder</source>
        <translation>Buka Folder &amp;Model</translation>
    </message>
</context>
</TS>
