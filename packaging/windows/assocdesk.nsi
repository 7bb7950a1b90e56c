; AssocDesk installer for Windows (NSIS 3, Unicode). Built by tools/bundle.py --nsis:
;   makensis /DDIST=<dist\AssocDesk> /DVERSION=<x.y.z> /DOUTFILE=<AssocDesk-x.y.z-setup.exe> assocdesk.nsi
; DIST is PyInstaller's one-folder bundle. On Windows it holds assocdesk.exe and
; assocdesk-cli.exe; on Linux (where the tests compile this script to check its syntax and
; file list) the same files without ".exe", hence EXE below.
; Installs per user (no administrator rights on a shared office laptop); data stays in the
; user's AppData folder and is never touched by the uninstaller, so an update keeps it.
Unicode true
!ifdef FAST
  SetCompress off  ; tools/bundle.py --fast: a syntax and file-list check, not a release
!else
  SetCompressor /SOLID lzma
!endif
RequestExecutionLevel user

!ifndef DIST
  !error "Give the bundle folder: /DDIST=path\to\dist\AssocDesk"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "AssocDesk-${VERSION}-setup.exe"
!endif
!ifndef EXE
  !define EXE ".exe"
!endif
!define ICON "${DIST}\_internal\assocdesk\resources\icons\assocdesk.ico"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\AssocDesk"

!include "MUI2.nsh"

Name "AssocDesk ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\AssocDesk"
InstallDirRegKey HKCU "Software\AssocDesk" "InstallDir"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "Arabic"

Section "AssocDesk" Main
  SectionIn RO
  ; An update replaces the program files, not the data (in %APPDATA%): the old program
  ; folder is emptied first so no file of an older version is left beside the new ones.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File "${DIST}\assocdesk${EXE}"
  File "${DIST}\assocdesk-cli${EXE}"
  File /r "${DIST}\_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\AssocDesk.lnk" "$INSTDIR\assocdesk${EXE}" "" "$INSTDIR\_internal\assocdesk\resources\icons\assocdesk.ico"
  CreateShortcut "$DESKTOP\AssocDesk.lnk" "$INSTDIR\assocdesk${EXE}" "" "$INSTDIR\_internal\assocdesk\resources\icons\assocdesk.ico"
  WriteRegStr HKCU "Software\AssocDesk" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "AssocDesk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\assocdesk${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\AssocDesk.lnk"
  Delete "$DESKTOP\AssocDesk.lnk"
  Delete "$INSTDIR\assocdesk${EXE}"
  Delete "$INSTDIR\assocdesk-cli${EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir /r "$INSTDIR\_internal"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\AssocDesk"
SectionEnd
