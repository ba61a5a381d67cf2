import { byId } from './dom.js';

/**
 * The three ways to choose files: drag and drop, the file picker, and on phones the camera.
 * The inputs stay hidden behind real buttons, so every way is reachable from the keyboard.
 */
export function wirePicker(accept: string, onFiles: (files: File[]) => void): void {
  const zone = byId('drop-zone');
  const input = byId<HTMLInputElement>('file-input');
  const camera = byId<HTMLInputElement>('camera-input');
  input.accept = accept;
  byId('choose-files').addEventListener('click', () => input.click());
  byId('take-photo').addEventListener('click', () => camera.click());
  for (const field of [input, camera]) {
    field.addEventListener('change', () => {
      if (field.files?.length) onFiles([...field.files]);
      field.value = ''; // the same file may be chosen again
    });
  }
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) onFiles(files);
  });
  // Dropped outside the zone, the browser would open the file and leave the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
}
