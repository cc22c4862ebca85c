; SegDesk's Windows installer: per user, no administrator rights (docs/building.md, "Windows").
;
;   makensis -DVERSION=0.1.0 -DDIST=dist/windows/SegDesk -DICON=segdesk.ico \
;            -DOUTFILE=SegDesk-0.1.0-Setup.exe [-DCOMPRESSOR=lzma|zlib] tools/windows/installer.nsi
;   (tools/windows/build.sh installer does this)
;
; Installs into %LOCALAPPDATA%\Programs\SegDesk (the per-user Programs folder Windows itself uses),
; adds a Start-menu shortcut and registers the uninstaller in the user's Apps list (HKCU).
; Deployment by IT:   SegDesk-<version>-Setup.exe /S [/D=C:\Other\Folder]   (/D last, unquoted)
; Silent removal:     "%LOCALAPPDATA%\Programs\SegDesk\Uninstall.exe" /S
; The user's models and logs (%LOCALAPPDATA%\SegDesk) and settings (%APPDATA%\SegDesk\SegDesk.ini)
; live elsewhere and are kept on uninstall, so a reinstall or an upgrade finds them; the
; rebuildable caches (%LOCALAPPDATA%\SegDesk\Cache) are removed.

Unicode true
Target amd64-unicode        ; 64-bit stub: SegDesk is 64-bit only (and Wine without wine32 runs it)
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
!if "${COMPRESSOR}" == "lzma"
  SetCompressor /SOLID lzma
  SetCompressorDictSize 64
!else
  SetCompressor ${COMPRESSOR}
!endif

!define APP "SegDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
; An upgrade goes where the previous install went (also one moved there with /D=).
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails hide
ShowUnInstDetails hide
SetOverwrite on

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${APP}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP}.exe"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepUserData)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Indonesian"

LangString KeepUserData ${LANG_ENGLISH} "SegDesk will be removed from $INSTDIR. Your models and logs ($LOCALAPPDATA\SegDesk) and your settings ($APPDATA\SegDesk) are kept; delete those folders yourself if you no longer need them."
LangString KeepUserData ${LANG_INDONESIAN} "SegDesk akan dihapus dari $INSTDIR. Model dan log Anda ($LOCALAPPDATA\SegDesk) serta pengaturan Anda ($APPDATA\SegDesk) tetap disimpan; hapus folder itu sendiri jika tidak diperlukan lagi."
LangString NotEmpty ${LANG_ENGLISH} "$INSTDIR holds files SegDesk did not install; they were left in place."
LangString NotEmpty ${LANG_INDONESIAN} "$INSTDIR berisi berkas yang tidak dipasang SegDesk; berkas itu dibiarkan."

; No language dialog: NSIS picks the user's Windows display language when it is one of these.
Section "SegDesk" Main
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the previous program files wholesale: no stale library survives.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\${APP}.exe" "" "$INSTDIR\${APP}.exe" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP}.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put there: never RMDir /r a folder the user chose with /D=, which
  ; may hold their own files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP}.exe"
  Delete "$INSTDIR\segdesk-cli.exe"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  IfFileExists "$INSTDIR\*.*" 0 +2
    DetailPrint "$(NotEmpty)"
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; Derived files only: the compiled fast-engine graphs (~100 MB each), rebuilt when needed.
  RMDir /r "$LOCALAPPDATA\${APP}\Cache"
  RMDir "$LOCALAPPDATA\${APP}"
  ; Kept on purpose: $LOCALAPPDATA\SegDesk\models and \logs, and $APPDATA\SegDesk (settings).
SectionEnd
